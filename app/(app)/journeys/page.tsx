import type { Metadata } from "next";
import { ComingSoon } from "@/components/shell/coming-soon";
import { requireUser } from "@/lib/auth/guard";

export const metadata: Metadata = { title: "Journeys" };

export default async function JourneysPage() {
  await requireUser("app.view");
  return (
    <ComingSoon
      title="Journeys"
      summary="Customer journeys laid out as ordered stages, each with exactly one accountable owner."
      planned={[
        "Lay out a journey stage by stage, in the order the customer lives it.",
        "Assign, claim and hand off stage ownership, with the full history of who owned what and why.",
        "See the stage × department RACI matrix and the journey's emotional curve.",
      ]}
    />
  );
}
