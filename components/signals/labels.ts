// Words for signals, shared by server and client components (no zod here: it stays on the server).
export const SOURCE_OPTIONS = [
  { value: "survey", label: "Survey" },
  { value: "support", label: "Support" },
  { value: "review", label: "Review" },
  { value: "interview", label: "Interview" },
  { value: "other", label: "Other" },
];
export const SCALE_OPTIONS = [
  { value: "csat", label: "CSAT (1–5)" },
  { value: "nps", label: "NPS (0–10)" },
  { value: "ces", label: "CES (1–7)" },
];
export const SCALE_LABEL: Record<string, string> = { csat: "CSAT", nps: "NPS", ces: "CES" };
export const SOURCE_LABEL: Record<string, string> = Object.fromEntries(SOURCE_OPTIONS.map((o) => [o.value, o.label]));
/** A removal's reason as a person reads it ("retention" is the job's). */
export const removalText = (reason: string) => (reason === "retention" ? "past the retention period" : reason);
