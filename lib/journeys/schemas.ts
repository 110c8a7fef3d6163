import { z } from "zod";
import { checkboxField, optionalTextField, safeText, textField, uuidField } from "@/lib/validation";

const optionalText = optionalTextField;

export const JOURNEY_STATUSES = ["draft", "active", "archived"] as const;

export const journeyFields = {
  name: textField("Journey name", 120),
  description: optionalText("Description", 2000),
  segment: optionalText("Customer segment", 200),
};

export const createJourneySchema = z.object({ ...journeyFields, status: z.enum(["draft", "active"], { error: "Choose draft or active." }).default("draft") });
export const updateJourneySchema = z.object({
  journeyId: uuidField("journey"),
  ...journeyFields,
  status: z.enum(["draft", "active"], { error: "Choose draft or active." }),
});
export const archiveJourneySchema = z.object({ journeyId: uuidField("journey"), reason: optionalText("Reason", 500) });

// Blank (including whitespace) means "no score"; only text or numbers may become a score, so a
// stray boolean or list is refused instead of being coerced to 1 or 0.
export const emotionField = z.preprocess(
  (v) => (v == null || (typeof v === "string" && v.trim() === "") ? null : typeof v === "string" || typeof v === "number" ? v : Number.NaN),
  z.coerce
    .number({ error: "Emotion score must be a whole number from -2 to +2." })
    .int("Emotion score must be a whole number from -2 to +2.")
    .min(-2, "Emotion score must be between -2 and +2.")
    .max(2, "Emotion score must be between -2 and +2.")
    .nullable(),
);

export const stageFields = {
  name: textField("Stage name", 120),
  customerGoal: optionalText("What the customer is trying to do", 1000),
  emotionScore: emotionField,
};

export const addStageSchema = z.object({ journeyId: uuidField("journey"), ...stageFields });
export const updateStageSchema = z.object({ stageId: uuidField("stage"), ...stageFields });
export const moveStageSchema = z.object({
  stageId: uuidField("stage"),
  direction: z.enum(["up", "down"], { error: "Choose up or down." }),
  // The position the caller saw: if the order changed since, the move is refused as stale.
  expectedPosition: z.coerce.number({ error: "That position is not valid." }).int("That position is not valid.").min(1, "That position is not valid."),
});
// A list typed as one line per item or separated by commas: trimmed, blanks and repeats
// (whatever the case) dropped, so "Email, email ,Phone" is two channels.
const listField = (label: string, item: string) =>
  z.preprocess(
    (v) => (v == null ? "" : v),
    safeText(`${label} must be text.`).transform((text, ctx) => {
      const seen = new Set<string>();
      const items: string[] = [];
      for (const raw of text.split(/[,\n]/)) {
        const value = raw.trim();
        if (!value || seen.has(value.toLowerCase())) continue;
        if (value.length > 80) ctx.addIssue({ code: "custom", message: `Each ${item} must be at most 80 characters ("${value.slice(0, 20)}…" is ${value.length}).` });
        seen.add(value.toLowerCase());
        items.push(value);
      }
      if (items.length > 20) ctx.addIssue({ code: "custom", message: `List at most 20 ${label.toLowerCase()} (there are ${items.length}).` });
      return items;
    }),
  );

/** The canvas's details of a stage: its phase, touchpoints and channels. */
export const stageMapSchema = z.object({
  stageId: uuidField("stage"),
  phase: optionalText("Phase", 60),
  touchpoints: listField("Touchpoints", "touchpoint"),
  channels: listField("Channels", "channel"),
});

/** Moves a stage to a place in the order (drag and drop); the position seen guards against a stale view. */
export const placeStageSchema = z.object({
  stageId: uuidField("stage"),
  expectedPosition: z.coerce.number({ error: "That position is not valid." }).int("That position is not valid.").min(1, "That position is not valid.").max(10_000, "That position is not valid."),
  toPosition: z.coerce.number({ error: "Choose a place in the journey." }).int("Choose a place in the journey.").min(1, "Choose a place in the journey.").max(10_000, "Choose a place in the journey."),
});

export const archiveStageSchema = z.object({ stageId: uuidField("stage"), reason: optionalText("Reason", 500) });

export const createFromTemplateSchema = z.object({
  templateId: safeText("Choose a template.").min(1, "Choose a template.").max(100, "That template does not exist."),
  ...journeyFields,
  status: z.enum(["draft", "active"], { error: "Choose draft or active." }).default("draft"),
});

export const duplicateJourneySchema = z.object({
  journeyId: uuidField("journey"),
  name: textField("Name of the copy", 120),
  withOwners: checkboxField,
});

export const journeyImportSchema = z.object({
  csv: safeText("Choose a CSV file or paste its contents.")
    .min(1, "Choose a CSV file or paste its contents.")
    .max(900_000, "The file is too large: import at most about 900 KB at a time, or split it."),
  fileName: optionalText("File name", 200).transform((v) => v || "a pasted CSV"),
  mode: z.enum(["preview", "import"], { error: "Choose preview or import." }),
});
