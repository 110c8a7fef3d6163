import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { AssignOwnershipForm } from "@/components/journeys/assign-ownership-form";
import { CancelHandoffForm, ProposeHandoffForm, RespondHandoffForms } from "@/components/journeys/handoff-forms";
import { FLAG_LABELS, RACI_LABEL, SOURCE_LABELS, emotionText } from "@/components/journeys/labels";
import { HandoffHistory, OwnershipHistory } from "@/components/journeys/ownership-history";
import { ClaimStage } from "@/components/journeys/stage-actions";
import { LazyDetails } from "@/components/ui/lazy-details";
import { ArchiveStageForm, EditStageForm } from "@/components/journeys/stage-forms";
import { StageMapForm } from "@/components/journeys/stage-map-form";
import { SidePanel } from "@/components/ui/side-panel";
import { Badge } from "@/components/ui/badge";
import { HistoryLink } from "@/components/audit/history-link";
import { Card, CardTitle, PageHeader } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/guard";
import { isDomainError } from "@/lib/errors";
import { GoalsTable } from "@/components/goals/goals-table";
import { LinkButton } from "@/components/ui/button";
import { listGoals } from "@/lib/goals/queries";
import { getStageDetail, listAssignablePeople } from "@/lib/journeys/queries";
import { mayManageGoals } from "@/lib/goals/rules";
import { answersAsReceivingHead, canCancelHandoff, canClaim, canOfferStage, canRespondToHandoff, type StageState } from "@/lib/ownership/rules";
import { can } from "@/lib/permissions";
import { getTimeZone } from "@/lib/settings";
import { stageSignalSummary } from "@/lib/signals/queries";
import { addDays, todayIn, wallClock } from "@/lib/time";
import { SignalsCard, signalPeriodOf } from "@/components/signals/signals-card";
import { FlagSignalForm, RecordSignalForm, RedactSignalForm } from "@/components/signals/signal-forms";
import { flagSignalAction, recordSignalAction, redactSignalAction } from "../../../../signals/actions";
import { formatDate } from "@/lib/time-format";
import { isUuid } from "@/lib/validation";
import {
  archiveStageAction,
  assignOwnershipAction,
  cancelHandoffAction,
  claimStageAction,
  proposeHandoffAction,
  respondHandoffAction,
  updateStageAction,
  updateStageMapAction,
} from "../../../actions";

type Props = { params: Promise<{ id: string; stageId: string }>; searchParams?: Promise<Record<string, string | string[] | undefined>> };

// One read per request for both the title and the page; the URL's journey lets the stage's
// reads and its journey's board start together.
const loadStage = cache((stageId: string, journeyId: string) => getStageDetail({ stageId, journeyId }));

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  await requireUser("app.view");
  const { id, stageId } = await params;
  if (!isUuid(id) || !isUuid(stageId)) return { title: "Stage" };
  const detail = await loadStage(stageId, id).catch(() => null);
  return { title: detail && detail.journey.id === id ? `${detail.stage.name} · ${detail.journey.name}` : "Stage" };
}

export default async function StagePage({ params, searchParams }: Props) {
  const actor = await requireUser("app.view");
  const { id, stageId } = await params;
  // The signals' period (?signals=30|90|365); anything else is all time.
  const period = signalPeriodOf((await searchParams)?.signals);
  if (!isUuid(id) || !isUuid(stageId)) notFound();
  const stageLoad = loadStage(stageId, id).catch((e: unknown) => {
    if (isDomainError(e)) notFound();
    throw e;
  });
  // One read of the time zone: the page's dates and the signals' period both need it.
  const zone = getTimeZone();
  const [detail, people, goals, timeZone, signals] = await Promise.all([
    stageLoad,
    // The assignment form starts from the accountable department: its people come with the page
    // (read beside the stage, not after it), any other department's when it is chosen.
    can(actor.role, "ownership.assign") ? listAssignablePeople({ actor, accountableOf: stageId }) : Promise.resolve([]),
    listGoals({ stageIds: [stageId], status: "all" }),
    zone,
    zone.then((tz) => stageSignalSummary({ stageId, since: period ? addDays(todayIn(tz), -(period - 1)) : null })),
  ]);
  const { stage, journey, current, history, handoffs, departments } = detail;
  if (journey.id !== id) notFound();
  const live = !stage.archived && journey.status !== "archived";
  const owner = current?.accountable ?? null;
  const pending = handoffs.find((h) => h.status === "pending") ?? null;
  const liveDepartments = departments.filter((d) => !d.archived);
  // Every button below is shown by the rule its command enforces, asked of the same state.
  const state: StageState = {
    archived: stage.archived,
    journeyArchived: journey.status === "archived",
    accountable: owner ? { departmentId: owner.departmentId, departmentName: owner.departmentName } : null,
    pendingHandoff: pending ? { id: pending.id, toDepartmentId: pending.toDepartmentId } : null,
  };
  const mayEdit = live && can(actor.role, "journeys.manage");
  const mayClaim = canClaim(actor, state).ok;
  const mayOffer = canOfferStage(actor, state).ok;
  const ownerDecision = history.find((h) => h.raci === "accountable" && h.validTo === null)?.decision ?? null;
  const canAnswer = pending !== null && canRespondToHandoff(actor, pending).ok;
  const canCancel = pending !== null && canCancelHandoff(actor, pending).ok;
  const mayAssign = live && can(actor.role, "ownership.assign");
  const mayRecordSignals = live && can(actor.role, "signals.record");
  const mayRedact = can(actor.role, "signals.redact");
  const w = wallClock(new Date(), timeZone);
  const p2 = (n: number) => String(n).padStart(2, "0");
  const nowLocal = `${w.year}-${p2(w.month)}-${p2(w.day)}T${p2(w.hour)}:${p2(w.minute)}`;

  return (
    <>
      <PageHeader
        title={stage.name}
        actions={
          <span className="flex flex-wrap items-center gap-2">
            {mayEdit ? (
              <SidePanel label="Edit stage" title={`Edit ${stage.name}`} description="Its name, what the customer is trying to do, how they feel, and where it sits on the map.">
                <div className="space-y-8">
                  <EditStageForm action={updateStageAction} stage={stage} />
                  <section aria-labelledby="panel-map">
                    <h3 id="panel-map" className="mb-2 font-semibold">Phase, touchpoints and channels</h3>
                    <StageMapForm action={updateStageMapAction} stage={stage} />
                  </section>
                  <section aria-labelledby="panel-archive" className="border-t border-slate-200 pt-6">
                    <h3 id="panel-archive" className="mb-2 font-semibold">Archive</h3>
                    <ArchiveStageForm action={archiveStageAction} stageId={stage.id} />
                  </section>
                </div>
              </SidePanel>
            ) : null}
            <HistoryLink role={actor.role} entityType="stage" entityId={stage.id} />
          </span>
        }
        description={
          <span className="flex flex-wrap items-center gap-2">
            <span>Stage {stage.archived ? "(archived)" : stage.position} of</span>
            <Link href={`/journeys/${journey.id}`} className="text-brand-700 underline">{journey.name}</Link>
          </span>
        }
      />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card aria-labelledby="about">
          <CardTitle id="about">About this stage</CardTitle>
          <dl className="space-y-2 text-sm">
            <div><dt className="font-medium">What the customer is trying to do</dt><dd className="text-slate-700">{stage.customerGoal || "Not described yet."}</dd></div>
            <div><dt className="font-medium">Emotion</dt><dd className="text-slate-700">{emotionText(stage.emotionScore)}</dd></div>
            <div><dt className="font-medium">Phase</dt><dd className="text-slate-700">{stage.phase || "No phase."}</dd></div>
            <div><dt className="font-medium">Touchpoints</dt><dd className="text-slate-700">{stage.touchpoints.length ? stage.touchpoints.join(" · ") : "None listed."}</dd></div>
            <div><dt className="font-medium">Channels</dt><dd className="text-slate-700">{stage.channels.length ? stage.channels.join(" · ") : "None listed."}</dd></div>
          </dl>
        </Card>

        <Card aria-labelledby="owner">
          <CardTitle id="owner">Ownership</CardTitle>
          {owner ? (
            <p className="text-sm">
              <span className="font-semibold">Accountable: {owner.departmentName}</span>
              {owner.personName ? ` · ${owner.personName}` : ""}
              <span className="block text-xs text-slate-600">{SOURCE_LABELS[owner.source]} · since {formatDate(owner.since, timeZone)}</span>
              {ownerDecision ? <Link className="block text-xs text-brand-700 underline" href={`/disputes/${ownerDecision.disputeId}#decision`}>The decision: {ownerDecision.outcome}</Link> : null}
            </p>
          ) : (
            <p className="text-sm font-semibold text-red-800">No accountable owner.</p>
          )}
          {current?.raci.length ? (
            <ul className="mt-2 text-sm text-slate-700">
              {current.raci.map((r) => <li key={r.departmentId}>{RACI_LABEL[r.raci]}: {r.departmentName}</li>)}
            </ul>
          ) : null}
          {current?.flags.length ? (
            <div className="mt-2 flex flex-wrap gap-1">{current.flags.map((f) => <Badge key={f} tone={FLAG_LABELS[f].tone}>{FLAG_LABELS[f].text}</Badge>)}</div>
          ) : null}
          {/* Always rendered: it keeps the claim's confirmation once the stage is owned. */}
          <ClaimStage action={claimStageAction} stageId={stage.id} stageName={stage.name} departmentName={actor.departmentName} claimable={mayClaim} className="mt-4" />
          {mayAssign || (mayOffer && owner) ? (
            <div className="mt-4 flex flex-wrap gap-2">
              {mayAssign ? (
                <SidePanel label="Assign ownership" title="Assign ownership" description="The accountable department and person, and the R/C/I departments.">
                  <AssignOwnershipForm
                    action={assignOwnershipAction}
                    stageId={stage.id}
                    departments={liveDepartments}
                    people={people}
                    current={{
                      departmentId: owner?.departmentId ?? null,
                      personId: owner?.personId ?? null,
                      raci: Object.fromEntries((current?.raci ?? []).map((r) => [r.departmentId, r.raci as "responsible" | "consulted" | "informed"])),
                    }}
                  />
                </SidePanel>
              ) : null}
              {mayOffer && owner ? (
                <SidePanel label="Hand off this stage" title="Hand off this stage" description="The receiving department's head accepts or declines. Ownership moves only on acceptance.">
                  <ProposeHandoffForm action={proposeHandoffAction} stageId={stage.id} departments={liveDepartments.filter((d) => d.id !== owner.departmentId)} canForce={can(actor.role, "handoffs.force")} />
                </SidePanel>
              ) : null}
            </div>
          ) : null}
        </Card>
      </div>

      <Card aria-labelledby="goals" className="mt-6">
        <div className="mb-4 flex flex-wrap items-start justify-between gap-2">
          <CardTitle id="goals" description="SMART goals of the owning department on this stage, with health computed from check-ins.">Goals</CardTitle>
          {live && mayManageGoals(actor, owner?.departmentId ?? null) ? (
            <LinkButton href={`/goals/new?stageId=${stage.id}`} variant="primary" size="sm">New goal</LinkButton>
          ) : null}
        </div>
        {goals.length ? <GoalsTable goals={goals} caption={`Goals on ${stage.name}`} showStage={false} /> : <p className="text-sm text-slate-600">No goals on this stage yet.</p>}
      </Card>

      <SignalsCard
        summary={signals}
        period={period}
        periodHref={(days) => `/journeys/${journey.id}/stages/${stage.id}${days ? `?signals=${days}` : ""}#signals`}
        timeZone={timeZone}
        recordForm={mayRecordSignals ? <RecordSignalForm action={recordSignalAction} stageId={stage.id} now={nowLocal} /> : null}
        actionsFor={(s, which) => {
          const flag = can(actor.role, "signals.record") && !s.followUp;
          const redact = mayRedact && s.comment !== null;
          if (!flag && !redact) return null;
          return (
            // The forms are mounted when "Act on …" is opened: the page lists several signals.
            <LazyDetails className="mt-1" summaryClassName="cursor-pointer text-xs font-medium text-brand-700" summary={`Act on ${which}`}>
              <div className="mt-2 space-y-4">
                {flag ? <FlagSignalForm action={flagSignalAction} signalId={s.id} which={which} /> : null}
                {redact ? <RedactSignalForm action={redactSignalAction} signalId={s.id} which={which} /> : null}
              </div>
            </LazyDetails>
          );
        }}
      />

      {live && pending ? (
        <Card aria-labelledby="pending" className="mt-6 border-amber-300">
          <CardTitle id="pending">Handoff pending: {pending.fromDepartmentName} → {pending.toDepartmentName}</CardTitle>
          <p className="text-sm text-slate-700">“{pending.note}” — {pending.proposedByName}, {formatDate(pending.proposedAt, timeZone)}. Open goals will {pending.goalDisposition === "move" ? "move with the stage" : "be retired"}.</p>
          <div className="mt-4 space-y-4">
            {canAnswer ? <RespondHandoffForms action={respondHandoffAction} handoffId={pending.id} receiver={pending.toDepartmentName} asCco={!answersAsReceivingHead(actor, pending)} /> : null}
            {canCancel ? <CancelHandoffForm action={cancelHandoffAction} handoffId={pending.id} /> : null}
            {!canAnswer && !canCancel ? <p className="text-sm text-slate-600">Waiting for {pending.toDepartmentName} to answer.</p> : null}
          </div>
        </Card>
      ) : null}

      <div className="mt-6 grid gap-6 lg:grid-cols-2">
        {/* Below the signals (#signals): drawn when scrolled near (app/globals.css, .defer-render). */}
        <Card aria-labelledby="history" className="defer-render">
          <CardTitle id="history" description="Every assignment, newest first: who, which role, from when to when, how and why.">Ownership history</CardTitle>
          <OwnershipHistory history={history} timeZone={timeZone} />
        </Card>
        <Card aria-labelledby="handoffs" className="defer-render">
          <CardTitle id="handoffs">Handoffs</CardTitle>
          <HandoffHistory handoffs={handoffs} stageId={stage.id} canDispute={can(actor.role, "disputes.raise")} timeZone={timeZone} />
        </Card>
      </div>
    </>
  );
}
