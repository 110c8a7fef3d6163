import type { Metadata } from "next";
import { ComingSoon } from "@/components/shell/coming-soon";
import { requireUser } from "@/lib/auth/guard";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  await requireUser("app.view");
  return (
    <ComingSoon
      title="Dashboard"
      summary="One screen that shows whether the customer's journey is owned and going well, and where departments disagree."
      planned={[
        "See ownership coverage per journey and the stages that have no owner.",
        "Compare the stage × department map with the customer's path.",
        "Watch goal health, dispute hot spots and how consistent service is across each journey.",
      ]}
    />
  );
}
