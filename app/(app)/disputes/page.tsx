import type { Metadata } from "next";
import { ComingSoon } from "@/components/shell/coming-soon";
import { requireUser } from "@/lib/auth/guard";

export const metadata: Metadata = { title: "Disputes" };

export default async function DisputesPage() {
  await requireUser("app.view");
  return (
    <ComingSoon
      title="Disputes"
      summary="Disagreements between departments, as cases with a queue, an age and a service level."
      planned={[
        "Raise a dispute about ownership, a refused handoff, standards or resources.",
        "Let each party department state its position.",
        "Track each dispute against the service level set by your admin.",
      ]}
    />
  );
}
