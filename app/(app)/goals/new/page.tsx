import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { GoalForm } from "@/components/goals/goal-form";
import { Alert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/guard";
import { isDomainError } from "@/lib/errors";
import { goalFormOptions } from "@/lib/goals/queries";
import { mayManageGoals } from "@/lib/goals/rules";
import { getStageDetail } from "@/lib/journeys/queries";
import { isUuid } from "@/lib/validation";
import { createGoalAction } from "../actions";

export const metadata: Metadata = { title: "New goal" };

export default async function NewGoalPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireUser("goals.manage");
  const stageId = (await searchParams).stageId;
  if (!isUuid(stageId)) notFound();
  const detail = await getStageDetail({ stageId }).catch((e: unknown) => {
    if (isDomainError(e)) notFound();
    throw e;
  });
  const owner = detail.current?.accountable;
  const back = <Link href={`/journeys/${detail.journey.id}/stages/${stageId}`} className="link">Back to the stage</Link>;
  if (!owner) {
    return (
      <>
        <PageHeader title="New goal" description={back} />
        <Alert tone="error">“{detail.stage.name}” has no owner yet. Goals belong to the stage&apos;s owning department: assign or claim the stage first.</Alert>
      </>
    );
  }
  if (!mayManageGoals(actor, owner.departmentId)) notFound();
  const options = await goalFormOptions({ actor, departmentId: owner.departmentId });
  return (
    <>
      <PageHeader title={`New goal for “${detail.stage.name}”`} description={<span>Owned by {owner.departmentName} · {back}</span>} />
      {options.objectives.length === 0 ? (
        <Alert tone="info" className="mb-4">
          There are no strategic objectives yet, so no goal can pass “Relevant”. <Link href="/goals/objectives" className="underline">Objectives</Link> are set by the CCO or an executive.
        </Alert>
      ) : null}
      <GoalForm mode="create" action={createGoalAction} hiddenId={{ name: "stageId", value: stageId }} options={options} />
    </>
  );
}
