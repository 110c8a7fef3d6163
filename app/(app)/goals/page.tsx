import type { Metadata } from "next";
import { ComingSoon } from "@/components/shell/coming-soon";
import { requireUser } from "@/lib/auth/guard";

export const metadata: Metadata = { title: "Goals" };

export default async function GoalsPage() {
  await requireUser("app.view");
  return (
    <ComingSoon
      title="Goals"
      summary="SMART goals on each stage, linked to strategic objectives, with check-ins and computed health."
      planned={[
        "Set goals that pass a live SMART check, letter by letter.",
        "Record check-ins and see progress and health computed from the data.",
        "Spot stale goals that nobody has checked in on.",
      ]}
    />
  );
}
