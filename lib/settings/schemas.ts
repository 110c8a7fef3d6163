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

export const updateSettingsSchema = z.object({
  disputeSlaDays: days("Dispute service level"),
  staleCheckInDays: days("Stale check-in period"),
  // Optional so that a caller updating only the day counts leaves the zone as it is; the
  // settings form always sends it.
  timeZone: timeZone.optional(),
});
export type UpdateSettingsInput = z.infer<typeof updateSettingsSchema>;
