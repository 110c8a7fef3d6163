import type { Metadata } from "next";
import Link from "next/link";
import { cache } from "react";
import { notFound } from "next/navigation";
import { LazyDetails } from "@/components/ui/lazy-details";
import { EmotionCurve } from "@/components/journeys/emotion-curve";
import { ArchiveJourneyForm, EditJourneyForm } from "@/components/journeys/journey-forms";
import { DuplicateJourneyForm } from "@/components/journeys/template-forms";
import { OwnershipMatrix } from "@/components/journeys/ownership-matrix";
import { StageBoard } from "@/components/journeys/stage-board";
import { AddStageForm } from "@/components/journeys/stage-forms";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { HistoryLink } from "@/components/audit/history-link";
import { Card, CardTitle, EmptyState, PageHeader } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/guard";
import { isDomainError } from "@/lib/errors";
import { goalSummaryAsOf } from "@/lib/goals/as-of";
import { goalSummaryByStage, type StageGoalSummary } from "@/lib/goals/queries";
import { measuredEmotionByStage } from "@/lib/journeys/canvas";
import { asOfParamSchema, getJourneyBoard } from "@/lib/journeys/queries";
import { canClaim } from "@/lib/ownership/rules";
import { can } from "@/lib/permissions";
import { getTimeZone } from "@/lib/settings";
import { todayIn } from "@/lib/time";
import { formatDate } from "@/lib/time-format";
import { isUuid } from "@/lib/validation";
import { addStageAction, archiveJourneyAction, claimStageAction, duplicateJourneyAction, moveStageAction, updateJourneyAction } from "../actions";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

// One query per request for both the title and the page (cache() keys on these two strings).
const loadBoard = cache((journeyId: string, asOf: string | undefined) => getJourneyBoard({ journeyId, asOf }));

export async function generateMetadata({ params, searchParams }: Props): Promise<Metadata> {
  await requireUser("app.view");
  const { id } = await params;
  if (!isUuid(id)) return { title: "Journey" };
  // A refused day falls back to today's board, as the page does: the journey's name is the same.
  const board = await loadBoard(id, asOfParamSchema.parse((await searchParams).asOf))
    .catch(() => loadBoard(id, undefined))
    .catch(() => null);
  return { title: board?.journey.name ?? "Journey" };
}

export default async function JourneyPage({ params, searchParams }: Props) {
  const actor = await requireUser("app.view");
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const asOf = asOfParamSchema.parse((await searchParams).asOf);
  // Today's board reads its stages' goals and the customers' measured emotion by journey, beside
  // the stages, rather than after the board's slowest read by their ids. The goals' read starts
  // at once; the emotion's waits for the settings row only (its 90 days are the company's).
  // For a journey that does not exist the two reads are wasted; the page is "not found" anyway.
  const today = asOf === undefined;
  const zone = getTimeZone();
  const [loaded, timeZone, todaysGoals, measured] = await Promise.all([
    // A day that is not a date, or is still to come, is refused with the reason: the board
    // shows neither today's owners in its place nor a crash.
    loadBoard(id, asOf).then(
      (board) => ({ board, refused: null }),
      async (e: unknown) => {
        if (isDomainError(e) && e.kind === "invalid" && asOf !== undefined) return { board: await loadBoard(id, undefined), refused: e.message };
        if (isDomainError(e)) notFound();
        throw e;
      },
    ),
    zone,
    today ? goalSummaryByStage({ liveStagesOf: id }) : null,
    today ? zone.then((tz) => measuredEmotionByStage({ liveStagesOf: id }, tz)) : undefined,
  ]);
  const board = loaded.refused ? { ...loaded.board, stages: [] } : loaded.board;
  const { journey, stages } = board;
  // A past day's board: its goals as they stood then, and no measured emotion (today's only). A
  // refused day shows no stages, so nothing of either.
  const goalsAsOf = board.asOf && board.asOfEnd ? await goalSummaryAsOf(stages.map((s) => s.id), board.asOf, board.asOfEnd) : null;
  const goalSummaries = todaysGoals ?? goalsAsOf?.summary ?? new Map<string, StageGoalSummary>();
  const goals = Object.fromEntries(goalSummaries);
  const isCco = can(actor.role, "journeys.manage");
  const editable = isCco && journey.status !== "archived";
  // The board's stages are the live ones; the claim button follows the claim command's own rule.
  const claimable = stages.filter((s) => canClaim(actor, { archived: false, journeyArchived: journey.status === "archived", accountable: s.accountable, pendingHandoff: s.pendingHandoff }).ok);
  const claimAs = actor.departmentName && claimable.length ? { departmentName: actor.departmentName, stageIds: claimable.map((s) => s.id) } : null;
  const needOwner = stages.filter((s) => s.flags.includes("unowned") || s.flags.includes("owner_inactive") || s.flags.includes("department_archived")).length;
  return (
    <>
      <PageHeader
        title={journey.name}
        actions={<HistoryLink role={actor.role} entityType="journey" entityId={journey.id} />}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <Badge tone={journey.status === "active" ? "green" : journey.status === "draft" ? "amber" : "neutral"}>{journey.status}</Badge>
            {journey.segment ? <span>For: {journey.segment}</span> : null}
            <Link href={`/journeys/${journey.id}/map`} className="link-strong">Journey map</Link>
            <Link href="/journeys" className="link">All journeys</Link>
          </span>
        }
      />
      {journey.description ? <p className="-mt-3 mb-6 max-w-3xl text-sm text-slate-700">{journey.description}</p> : null}

      <form method="get" className="mb-4 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3" aria-label="Show ownership as of a date">
        <div>
          <label htmlFor="as-of" className="block text-sm font-medium">Show owners as of (end of day, {timeZone})</label>
          <input id="as-of" type="date" name="asOf" max={todayIn(timeZone)} defaultValue={asOf ?? ""} className="rounded-md border border-slate-300 px-3 py-1.5 text-sm" />
        </div>
        <Button type="submit" variant="secondary" size="sm">Show</Button>
        {asOf ? <Link href={`/journeys/${journey.id}`} className="link text-sm">Back to today</Link> : null}
      </form>
      {loaded.refused ? (
        <Alert tone="error" className="mb-4">{loaded.refused}</Alert>
      ) : board.asOf ? (
        <Alert tone="info" className="mb-4">
          Showing the journey as it stood at the end of {formatDate(board.asOf)} ({timeZone}): the stages that existed, their accountable owners and R/C/I, the handoffs then pending, the disputes then open, and the goals then open with the health their check-ins gave them by that day.
          Stage and department names and the stage order are today&apos;s; whether an owner had been deactivated or a department archived is shown for today only.
          {goalsAsOf?.leftOut
            ? ` ${goalsAsOf.leftOut === 1 ? "1 goal is" : `${goalsAsOf.leftOut} goals are`} left out: ${goalsAsOf.leftOut === 1 ? "it has" : "they have"} changed since ${formatDate(board.asOf)} and ${goalsAsOf.leftOut === 1 ? "its" : "their"} state on that day was not recorded.`
            : ""}
        </Alert>
      ) : null}

      {loaded.refused ? null : (
        <p className="mb-3 text-sm text-slate-700" role="status">
          {stages.length} {stages.length === 1 ? "stage" : "stages"} · {needOwner} {needOwner === 1 ? "needs" : "need"} an owner
        </p>
      )}

      <div className="grid gap-6 xl:grid-cols-3">
        <section aria-labelledby="board" className="xl:col-span-2">
          <h2 id="board" className="sr-only">Journey board</h2>
          {loaded.refused ? null : stages.length === 0 ? (
            <EmptyState title="No stages yet">{editable ? "Add the first stage of the customer's journey with the form on this page." : "The CCO has not added stages yet."}</EmptyState>
          ) : (
            <StageBoard journeyId={journey.id} stages={stages} asOf={board.asOf} timeZone={timeZone} canReorder={editable} claimAs={claimAs} goals={goals} actions={{ move: moveStageAction, claim: claimStageAction }} />
          )}
        </section>
        {editable ? (
          <div className="space-y-6">
            <Card aria-labelledby="add-stage" className="defer-render">
              <CardTitle id="add-stage" description="New stages go at the end; move them into place on the board.">Add a stage</CardTitle>
              <AddStageForm action={addStageAction} journeyId={journey.id} />
            </Card>
            <Card aria-labelledby="edit-journey" className="defer-render">
              <CardTitle id="edit-journey">Journey details</CardTitle>
              <EditJourneyForm action={updateJourneyAction} journey={journey} />
              {/* Their forms are mounted when opened: hidden, they would only weigh on the page. */}
              <LazyDetails className="mt-4" summaryClassName="cursor-pointer text-sm font-medium text-brand-700" summary="Duplicate this journey…">
                <div className="mt-3"><DuplicateJourneyForm action={duplicateJourneyAction} journey={journey} /></div>
              </LazyDetails>
              <LazyDetails className="mt-4" summaryClassName="cursor-pointer text-sm font-medium text-red-700" summary="Archive this journey…">
                <div className="mt-3"><ArchiveJourneyForm action={archiveJourneyAction} journeyId={journey.id} /></div>
              </LazyDetails>
            </Card>
          </div>
        ) : null}
      </div>

      {stages.length ? (
        <div className="mt-8 grid gap-6">
          <Card aria-labelledby="matrix" className="defer-render">
            <CardTitle id="matrix" description="Who is accountable, responsible, consulted and informed, stage by stage.">Responsibility matrix</CardTitle>
            <OwnershipMatrix stages={stages} departments={board.departments} />
          </Card>
          <Card aria-labelledby="curve" className="defer-render">
            <CardTitle id="curve" description={measured ? "How the customer feels at each stage: as judged by the CCO, and as measured from customers' scores." : "How the customer feels at each stage, as scored by the CCO."}>Emotional curve</CardTitle>
            <EmotionCurve stages={stages} measured={measured} />
          </Card>
        </div>
      ) : null}
    </>
  );
}
