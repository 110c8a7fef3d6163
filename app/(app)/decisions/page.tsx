import type { Metadata } from "next";
import { ComingSoon } from "@/components/shell/coming-soon";
import { requireUser } from "@/lib/auth/guard";

export const metadata: Metadata = { title: "Decisions" };

export default async function DecisionsPage() {
  await requireUser("app.view");
  return (
    <ComingSoon
      title="Decisions"
      summary="The decision log: every dispute closes with a recorded decision and its rationale."
      planned={[
        "Search every decision by text, stage, department, kind and date.",
        "Follow each decision to its dispute, parties and statements.",
        "See which later decision superseded an earlier one.",
      ]}
    />
  );
}
