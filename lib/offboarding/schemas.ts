import { z } from "zod";
import { optionalTextField, uuidField } from "@/lib/validation";
import { CHOICE_PREFIX } from "./choice";

export { CHOICE_PREFIX };
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The confirmation of a deactivation or an archive. Each item of the preview arrives as a
 * field `choice:<item key>`: a successor's id, or empty to leave the item flagged. The
 * fingerprint is the preview's, so a change made meanwhile by someone else is refused.
 */
export const confirmOffboardingSchema = z.preprocess(
  (raw) => {
    if (!raw || typeof raw !== "object") return raw;
    const obj = raw as Record<string, unknown>;
    const choices: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) if (k.startsWith(CHOICE_PREFIX)) choices[k.slice(CHOICE_PREFIX.length)] = v;
    return { ...obj, choices: { ...(typeof obj.choices === "object" && obj.choices ? obj.choices : {}), ...choices } };
  },
  z.object({
    subjectKind: z.enum(["person", "department"], { error: "Choose a person or a department." }),
    subjectId: uuidField("person or department"),
    fingerprint: z.string({ error: "Reload the page and try again." }).regex(/^[0-9a-f]{64}$/, "Reload the page and try again."),
    reason: optionalTextField("Reason", 500),
    choices: z
      .record(
        z.string().max(100),
        z.preprocess((v) => (v == null ? "" : v), z.string().trim().refine((v) => v === "" || UUID_RE.test(v), "Choose a successor from the list, or leave it flagged.")),
      )
      .refine((c) => Object.keys(c).length <= 2000, "Too many items."),
  }),
);
export type ConfirmOffboardingInput = z.output<typeof confirmOffboardingSchema>;
