import type { Metadata } from "next";
import Link from "next/link";
import { RaiseDisputeForm } from "@/components/disputes/raise-dispute-form";
import { Card, PageHeader } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/guard";
import { listDepartments } from "@/lib/departments/queries";
import { getStageDetail, listStageOptions } from "@/lib/journeys/queries";
import { isUuid } from "@/lib/validation";
import { raiseDisputeAction } from "../actions";

export const metadata: Metadata = { title: "Raise a dispute" };

const KINDS = ["ownership", "handoff", "standards", "resources", "other"] as const;

/** Pre-fills from a failed claim (?kind=ownership&stageId=…) or a declined handoff (&handoffId=…). */
export default async function NewDisputePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireUser("disputes.raise");
  const params = await searchParams;
  const kind = KINDS.find((k) => k === params.kind);
  const stageId = isUuid(params.stageId) ? params.stageId : undefined;
  const handoffId = isUuid(params.handoffId) ? params.handoffId : undefined;
  const [stages, departments, detail] = await Promise.all([
    listStageOptions(),
    listDepartments(),
    stageId ? getStageDetail({ stageId }).catch(() => null) : Promise.resolve(null),
  ]);
  const parties: string[] = [];
  let title: string | undefined;
  if (detail) {
    const handoff = handoffId ? detail.handoffs.find((h) => h.id === handoffId) : undefined;
    if (handoff) {
      parties.push(handoff.fromDepartmentId, handoff.toDepartmentId);
      title = `Handoff of “${detail.stage.name}” to ${handoff.toDepartmentName} was declined`;
    } else if (detail.current?.accountable) {
      parties.push(detail.current.accountable.departmentId);
      title = kind === "ownership" ? `Who should own “${detail.stage.name}”?` : undefined;
    }
  }
  return (
    <>
      <PageHeader title="Raise a dispute" description={<Link href="/disputes" className="link">All disputes</Link>} />
      <Card className="max-w-3xl">
        <RaiseDisputeForm
          action={raiseDisputeAction}
          stages={stages}
          departments={departments.filter((d) => !d.archived).map((d) => ({ id: d.id, name: d.name }))}
          ownDepartmentId={actor.departmentId}
          prefill={{ kind, stageId: detail ? stageId : undefined, handoffId: detail ? handoffId : undefined, parties, title }}
        />
      </Card>
    </>
  );
}
