import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { CorrectCheckInForm, GoalStatusForm, RecordCheckInForm } from "@/components/goals/check-in-forms";
import { GoalForm } from "@/components/goals/goal-form";
import { HealthBadge, ProgressBar } from "@/components/goals/health-badge";
import { ProgressChart } from "@/components/goals/progress-chart";
import { SmartPanel } from "@/components/goals/smart-panel";
import { Badge } from "@/components/ui/badge";
import { HistoryLink } from "@/components/audit/history-link";
import { Card, CardTitle, PageHeader } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/guard";
import { isDomainError } from "@/lib/errors";
import { getGoal, goalFormOptions } from "@/lib/goals/queries";
import { HEALTH_EXPLANATION, mayManageGoals, mayRecordCheckIn } from "@/lib/goals/rules";
import { SIGNAL_CHECK_IN_WINDOW_DAYS, SIGNAL_METRIC_LABELS } from "@/lib/goals/signal-check-ins";
import { getStageDetail } from "@/lib/journeys/queries";
import { getTimeZone } from "@/lib/settings";
import { todayIn } from "@/lib/time";
import { formatDate } from "@/lib/time-format";
import { isUuid } from "@/lib/validation";
import { changeGoalStatusAction, correctCheckInAction, recordCheckInAction, updateGoalAction } from "../actions";

type Props = { params: Promise<{ id: string }> };

// One query per request for both the title and the page.
const loadGoal = cache((goalId: string) => getGoal(goalId));

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  await requireUser("app.view");
  const { id } = await params;
  if (!isUuid(id)) return { title: "Goal" };
  const data = await loadGoal(id).catch(() => null);
  return { title: data?.goal.title ?? "Goal" };
}

export default async function GoalPage({ params }: Props) {
  const actor = await requireUser("app.view");
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const data = await loadGoal(id).catch((e: unknown) => {
    if (isDomainError(e)) notFound();
    throw e;
  });
  const { goal, row, checkIns, smart } = data;
  const [stage, timeZone] = await Promise.all([getStageDetail({ stageId: goal.stageId }), getTimeZone()]);
  const stageOwner = stage.current?.accountable?.departmentId ?? null;
  const open = goal.status === "draft" || goal.status === "active";
  const mayManage = mayManageGoals(actor, stageOwner);
  const mayCheckIn = mayRecordCheckIn(actor, goal);
  const options = mayManage && open ? await goalFormOptions({ actor, departmentId: stageOwner! }) : null;
  const today = todayIn(timeZone);
  return (
    <>
      <PageHeader
        title={goal.title}
        actions={<HistoryLink role={actor.role} entityType="goal" entityId={goal.id} />}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <span data-testid="goal-health"><HealthBadge health={row.health} status={goal.status} /></span>
            <Badge>{goal.status}</Badge>
            {row.stale ? <Badge tone="amber">Stale: no recent check-in</Badge> : null}
            <span>
              Stage <Link className="link" href={`/journeys/${row.journeyId}/stages/${row.stageId}`}>{row.stageName}</Link> · {row.departmentName} · owner {row.ownerName}
            </span>
          </span>
        }
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <Card aria-labelledby="progress" className="lg:col-span-2">
          <CardTitle id="progress" description={goal.description}>Progress</CardTitle>
          <dl className="mb-4 grid grid-cols-2 gap-3 text-sm sm:grid-cols-4">
            <div><dt className="text-xs text-slate-500">Metric</dt><dd>{goal.metricName} ({goal.metricUnit})</dd></div>
            <div><dt className="text-xs text-slate-500">Baseline → target</dt><dd>{goal.baseline} → {goal.target} ({goal.direction})</dd></div>
            <div><dt className="text-xs text-slate-500">Latest</dt><dd>{row.latestValue ?? "no check-in yet"}</dd></div>
            <div><dt className="text-xs text-slate-500">Period</dt><dd>{formatDate(goal.startDate)} → {formatDate(goal.dueDate)}</dd></div>
          </dl>
          <ProgressBar progress={row.progress} expected={row.expected} />
          <div className="mt-4"><ProgressChart goal={goal} checkIns={checkIns} unit={goal.metricUnit} today={today} /></div>
          <details className="mt-2 text-sm">
            <summary className="cursor-pointer text-brand-700">How health is computed</summary>
            <p className="mt-1 text-slate-700">{HEALTH_EXPLANATION}</p>
          </details>
        </Card>
        <div className="space-y-6">
          <SmartPanel result={smart} />
          <Card aria-labelledby="resources">
            <CardTitle id="resources">Resources and strategy</CardTitle>
            <p className="text-sm">Budget {goal.budget} · {goal.people} {goal.people === 1 ? "person" : "people"}</p>
            {goal.resourcesNote ? <p className="text-sm text-slate-700">{goal.resourcesNote}</p> : null}
            <p className="mt-2 text-sm">Serves: <Link href="/goals/objectives" className="link">{row.objectiveTitle}</Link></p>
            {goal.statusReason ? <p className="mt-2 text-sm italic text-slate-700">Status note: {goal.statusReason}</p> : null}
          </Card>
          {mayManage ? (
            <Card aria-labelledby="status">
              <CardTitle id="status">Status</CardTitle>
              <GoalStatusForm action={changeGoalStatusAction} goalId={goal.id} status={goal.status} />
            </Card>
          ) : null}
        </div>
      </div>

      <div className="mt-6">
        <Card aria-labelledby="checkins">
          <CardTitle id="checkins" description="Newest first. The author of a check-in can correct it; corrections are audited.">Check-ins</CardTitle>
          {goal.signalMetric ? (
            <p className="mb-4 text-sm text-slate-700" data-testid="signal-bound">
              Measured from the stage&apos;s customer signals ({SIGNAL_METRIC_LABELS[goal.signalMetric]}): a check-in is computed each day from the last {SIGNAL_CHECK_IN_WINDOW_DAYS} days&apos; signals, so nobody types one in.
            </p>
          ) : mayCheckIn && goal.status === "active" ? (
            <div className="mb-6"><RecordCheckInForm action={recordCheckInAction} goalId={goal.id} unit={goal.metricUnit} today={today} /></div>
          ) : goal.status === "draft" ? (
            <p className="mb-4 text-sm text-slate-600">Check-ins open once the goal is activated.</p>
          ) : null}
          {checkIns.length === 0 ? (
            <p className="text-sm text-slate-600">No check-ins yet.</p>
          ) : (
            <ul className="divide-y divide-slate-100" aria-label="Check-in history">
              {checkIns.map((c) => (
                <li key={c.id} className="py-2 text-sm">
                  <p>
                    <span className="font-semibold">{c.value} {goal.metricUnit}</span> on {formatDate(c.measuredOn)} · confidence {c.confidence} · {c.automatic ? "computed from customer signals" : c.authorName}
                    {c.correctedAt ? <span className="text-xs text-slate-500"> (corrected)</span> : null}
                  </p>
                  {c.note ? <p className="text-slate-700">{c.note}</p> : null}
                  {c.authorId === actor.id && goal.status !== "cancelled" ? (
                    <details className="mt-1">
                      <summary className="cursor-pointer text-xs text-brand-700">Correct this check-in</summary>
                      <div className="mt-2"><CorrectCheckInForm action={correctCheckInAction} checkIn={c} today={today} /></div>
                    </details>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
      {options ? (
        <Card aria-labelledby="edit-goal" className="mt-6">
          <CardTitle id="edit-goal">Edit goal</CardTitle>
          <details>
            <summary className="cursor-pointer text-sm text-brand-700">Show the goal form</summary>
            <div className="mt-3">
              <GoalForm
                mode="edit"
                action={updateGoalAction}
                hiddenId={{ name: "goalId", value: goal.id }}
                options={options}
                defaults={{ ...goal, people: String(goal.people), signalMetric: goal.signalMetric ?? "" }}
              />
            </div>
          </details>
        </Card>
      ) : null}
    </>
  );
}
