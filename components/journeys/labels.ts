import type { OwnershipFlag } from "@/lib/ownership/rules";

export const EMOTION_LABELS: Record<string, string> = { "-2": "Very unhappy", "-1": "Unhappy", "0": "Neutral", "1": "Happy", "2": "Delighted" };
export const emotionText = (score: number | null) => (score === null ? "Not scored" : `${score > 0 ? "+" : ""}${score} · ${EMOTION_LABELS[String(score)]}`);

export const SOURCE_LABELS = { assigned: "Assigned", claimed: "Claimed", handed_off: "Handed off", decided: "Decided in a dispute" } as const;

export const RACI_LETTER = { accountable: "A", responsible: "R", consulted: "C", informed: "I" } as const;
export const RACI_LABEL = { accountable: "Accountable", responsible: "Responsible", consulted: "Consulted", informed: "Informed" } as const;

export const FLAG_LABELS: Record<OwnershipFlag, { text: string; tone: "red" | "amber" | "blue" }> = {
  unowned: { text: "Needs an owner", tone: "red" },
  owner_inactive: { text: "Owner deactivated: needs an owner", tone: "red" },
  department_archived: { text: "Department archived: needs an owner", tone: "red" },
  handoff_pending: { text: "Handoff pending", tone: "amber" },
  disputed: { text: "Disputed", tone: "amber" },
};
