import { z } from "zod";
import { canonicalTimeZone } from "@/lib/time";
// safeText; importing lib/validation also loads the shared zod configuration (no eval under
// the CSP) before this schema is built.
import { safeText } from "@/lib/validation";

const days = (label: string) =>
  z.coerce
    .number({ error: `${label} must be a whole number of days.` })
    .refine(Number.isFinite, `${label} must be a whole number of days.`)
    .int(`${label} must be a whole number of days.`)
    .min(1, `${label} must be at least 1 day.`)
    .max(365, `${label} must be at most 365 days.`);

// Parsed to its stored spelling ("europe/london" → "Europe/London"); an unknown name is refused
// here, never saved, since every day boundary of the app is reckoned in it.
const timeZone = safeText("Choose the organisation's time zone.")
  .trim()
  .min(1, "Choose the organisation's time zone.")
  .transform((v, ctx) => {
    const zone = canonicalTimeZone(v);
    if (zone) return zone;
    ctx.addIssue({ code: "custom", message: "That is not a time zone we know. Choose one from the list, such as Europe/London or UTC." });
    return z.NEVER;
  });

// A threshold: a score at or below it is negative. Below the scale's top, so a perfect score is
// never negative; whole or with up to two decimals.
const threshold = (label: string, min: number, max: number) =>
  z.preprocess(
    (v) => (typeof v === "number" ? String(v) : v),
    safeText(`${label} is required.`)
      .trim()
      .min(1, `${label} is required.`)
      .regex(/^\d{1,2}(\.\d{1,2})?$/, `${label} must be a number, like ${min + 1} or ${min + 1}.5.`)
      .refine((v) => Number(v) >= min && Number(v) < max, `${label} must be from ${min} to below ${max} (the top of the scale is never negative).`),
  );

const whole = (label: string, unit: string, min: number, max: number) =>
  z.coerce
    .number({ error: `${label} must be a whole number of ${unit}.` })
    .refine(Number.isFinite, `${label} must be a whole number of ${unit}.`)
    .int(`${label} must be a whole number of ${unit}.`)
    .min(min, `${label} must be at least ${min} ${unit}.`)
    .max(max, `${label} must be at most ${max} ${unit}.`);

export const updateSettingsSchema = z.object({
  disputeSlaDays: days("Dispute service level"),
  staleCheckInDays: days("Stale check-in period"),
  // Optional so that a caller updating only the day counts leaves the zone as it is; the
  // settings form always sends it.
  timeZone: timeZone.optional(),
  // Customer signals. Optional for the same reason; blank retention means comments are kept.
  negativeCsatMax: threshold("The negative CSAT threshold", 1, 5).optional(),
  negativeNpsMax: threshold("The negative NPS threshold", 0, 10).optional(),
  negativeCesMax: threshold("The negative CES threshold", 1, 7).optional(),
  followUpSlaDays: whole("The follow-up service level", "days", 1, 365).optional(),
  signalRetentionMonths: z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? null : v), whole("Comment retention", "months", 1, 120).nullable()).optional(),
  measuredMinSample: whole("The minimum sample", "signals", 1, 10000).optional(),
});
export type UpdateSettingsInput = z.infer<typeof updateSettingsSchema>;
