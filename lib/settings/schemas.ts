import { z } from "zod";
// Loads the shared zod configuration (no eval under the CSP) before this schema is built.
import "@/lib/validation";

const days = (label: string) =>
  z.coerce
    .number({ error: `${label} must be a whole number of days.` })
    .refine(Number.isFinite, `${label} must be a whole number of days.`)
    .int(`${label} must be a whole number of days.`)
    .min(1, `${label} must be at least 1 day.`)
    .max(365, `${label} must be at most 365 days.`);

export const updateSettingsSchema = z.object({
  disputeSlaDays: days("Dispute service level"),
  staleCheckInDays: days("Stale check-in period"),
});
export type UpdateSettingsInput = z.infer<typeof updateSettingsSchema>;
