import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { CommentForm, DecideForm, StatementForm, TakeForm, WithdrawForm } from "@/components/disputes/dispute-forms";
import { DisputeStatusBadge } from "@/components/disputes/labels";
import { HistoryLink } from "@/components/audit/history-link";
import { Card, CardTitle, PageHeader } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/guard";
import type { Actor } from "@/lib/auth/current-user";
import { listDepartments } from "@/lib/departments/queries";
import { getDispute, listSupersedableDecisions } from "@/lib/disputes/queries";
import { canComment, canTransition, canWriteStatement, DISPUTE_KIND_LABELS, isOverdue } from "@/lib/disputes/rules";
import { isDomainError } from "@/lib/errors";
import { getStageDetail, listAssignablePeople } from "@/lib/journeys/queries";
import { getTimeZone } from "@/lib/settings";
import { elapsedDays } from "@/lib/time";
import { formatDate, formatDateTime, formatDays } from "@/lib/time-format";
import { isUuid } from "@/lib/validation";
import { addCommentAction, recordDecisionAction, saveStatementAction, takeDisputeAction, withdrawDisputeAction } from "../actions";

type Props = { params: Promise<{ id: string }> };

// One query per request for both the title and the page (the actor is the request's cached one).
const loadDispute = cache((actor: Actor, disputeId: string) => getDispute({ actor, disputeId }));

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const actor = await requireUser("app.view");
  const { id } = await params;
  if (!isUuid(id)) return { title: "Dispute" };
  const data = await loadDispute(actor, id).catch(() => null);
  return { title: data?.dispute.title ?? "Dispute" };
}

export default async function DisputePage({ params }: Props) {
  const actor = await requireUser("app.view");
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const [data, timeZone] = await Promise.all([
    loadDispute(actor, id).catch((e: unknown) => {
      if (isDomainError(e)) notFound();
      throw e;
    }),
    getTimeZone(),
  ]);
  const when = (d: Date) => formatDateTime(d, timeZone);
  const { dispute, parties, comments, decision } = data;
  // The buttons shown are the commands' own rules, asked of the same state.
  const state = { status: dispute.status, raisedById: dispute.raisedById, partyDepartmentIds: parties.map((p) => p.departmentId) };
  const mayTake = canTransition(actor, state, "take_under_review").ok;
  const deciding = canTransition(actor, state, "decide").ok;
  const mayWithdraw = canTransition(actor, state, "withdraw").ok;
  const mayComment = canComment(actor, state).ok;
  const [departments, supersedable, stage] = deciding
    ? await Promise.all([listDepartments(), listSupersedableDecisions(), dispute.stageId ? getStageDetail({ stageId: dispute.stageId }) : Promise.resolve(null)])
    : [[], [], null];
  // The decision form's accountable person starts from the stage's current department: its
  // people come with the page, another department's when it is chosen.
  const people = deciding ? await listAssignablePeople({ actor, departmentId: stage?.current?.accountable?.departmentId ?? null }) : [];
  const now = new Date();
  const late = isOverdue(dispute, now);
  return (
    <>
      <PageHeader
        title={dispute.title}
        actions={<HistoryLink role={actor.role} entityType="dispute" entityId={dispute.id} />}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <DisputeStatusBadge status={dispute.status} overdue={late} />
            <span>{DISPUTE_KIND_LABELS[dispute.kind]}</span>
            {dispute.stageId && data.journeyId ? (
              <span>· stage <Link href={`/journeys/${data.journeyId}/stages/${dispute.stageId}`} className="link">{data.stageName}</Link> ({data.journeyName})</span>
            ) : null}
            <Link href="/disputes" className="link">All disputes</Link>
          </span>
        }
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <Card aria-labelledby="what">
            <CardTitle id="what">The disagreement</CardTitle>
            <p className="whitespace-pre-line text-sm text-slate-800">{dispute.description}</p>
            <p className="mt-3 text-xs text-slate-600">
              Raised by {data.raisedByName}{data.raisedByDepartmentName ? ` (${data.raisedByDepartmentName})` : ""} on {when(dispute.openedAt)} · {formatDays(elapsedDays(dispute.openedAt, dispute.closedAt ?? now))} old · due {formatDate(dispute.dueBy, timeZone)}
              {data.reviewerName ? ` · reviewed by ${data.reviewerName}` : ""}
            </p>
            {dispute.withdrawnReason ? <p className="mt-2 text-sm italic">Withdrawn: {dispute.withdrawnReason}</p> : null}
          </Card>

          {decision ? (
            <Card aria-labelledby="decision" className="border-brand-100">
              <CardTitle id="decision">Decision</CardTitle>
              <p className="font-semibold">{decision.decision.outcome}</p>
              <p className="mt-2 whitespace-pre-line text-sm text-slate-800">{decision.decision.rationale}</p>
              {decision.decision.optionsConsidered ? <p className="mt-2 text-sm text-slate-700"><span className="font-medium">Options considered:</span> {decision.decision.optionsConsidered}</p> : null}
              {decision.decision.effectSummary ? <p className="mt-2 text-sm"><span className="font-medium">Effect applied:</span> {decision.decision.effectSummary}</p> : null}
              <p className="mt-2 text-xs text-slate-600">Decided by {decision.decidedByName} on {when(decision.decision.decidedAt)}. Decisions are immutable.</p>
              {data.supersedes ? <p className="mt-1 text-sm">Supersedes <Link className="link" href={`/disputes/${data.supersedes.disputeId}`}>an earlier decision: {data.supersedes.outcome}</Link></p> : null}
              {data.supersededBy ? <p className="mt-1 text-sm font-medium text-amber-900">Superseded by <Link className="underline" href={`/disputes/${data.supersededBy.disputeId}`}>a later decision</Link></p> : null}
            </Card>
          ) : null}

          <section aria-labelledby="parties" className="space-y-3">
            <h2 id="parties" className="text-base font-semibold">Parties and statements</h2>
            {parties.map((p) => {
              const mine = canWriteStatement(actor, state, p.departmentId).ok;
              return (
                <Card key={p.departmentId} aria-label={`Statement of ${p.departmentName}`}>
                  <h3 className="font-semibold">{p.departmentName}</h3>
                  {p.statement ? (
                    <>
                      <p className="mt-1 whitespace-pre-line text-sm">{p.statement}</p>
                      {p.proposal ? <p className="mt-1 text-sm text-slate-700"><span className="font-medium">Proposes:</span> {p.proposal}</p> : null}
                      <p className="mt-1 text-xs text-slate-500">{p.updatedByName ? `By ${p.updatedByName}` : ""}{p.updatedAt ? ` · ${when(p.updatedAt)}` : ""}</p>
                    </>
                  ) : (
                    <p className="mt-1 text-sm text-slate-600">No statement yet.</p>
                  )}
                  {mine ? (
                    <details className="mt-3" open={!p.statement}>
                      <summary className="cursor-pointer text-sm font-medium text-brand-700">{p.statement ? "Edit your department's statement" : "Add your department's statement"}</summary>
                      <div className="mt-2">
                        <StatementForm action={saveStatementAction} disputeId={dispute.id} departmentId={p.departmentId} departmentName={p.departmentName} statement={p.statement} proposal={p.proposal} />
                      </div>
                    </details>
                  ) : null}
                </Card>
              );
            })}
          </section>

          <Card aria-labelledby="discussion">
            <CardTitle id="discussion">Discussion</CardTitle>
            {comments.length ? (
              <ol className="mb-4 space-y-3">
                {comments.map((c) => (
                  <li key={c.id} className="text-sm">
                    <p className="text-xs text-slate-500">{c.authorName} · {when(c.createdAt)}</p>
                    <p className="whitespace-pre-line">{c.body}</p>
                  </li>
                ))}
              </ol>
            ) : (
              <p className="mb-4 text-sm text-slate-600">No comments yet.</p>
            )}
            {mayComment ? <CommentForm action={addCommentAction} disputeId={dispute.id} /> : null}
          </Card>
        </div>

        <div className="space-y-6">
          {mayTake ? (
            <Card aria-labelledby="take"><CardTitle id="take">Review</CardTitle><TakeForm action={takeDisputeAction} disputeId={dispute.id} /></Card>
          ) : null}
          {deciding ? (
            <Card aria-labelledby="decide">
              <CardTitle id="decide" description="The dispute closes with this decision; its effect applies in the same step.">Decide</CardTitle>
              <DecideForm
                action={recordDecisionAction}
                disputeId={dispute.id}
                hasStage={Boolean(dispute.stageId)}
                departments={departments.filter((d) => !d.archived).map((d) => ({ id: d.id, name: d.name }))}
                people={people}
                supersedable={supersedable}
                current={
                  stage?.current
                    ? {
                        accountable: stage.current.accountable?.personId ? { departmentId: stage.current.accountable.departmentId, personId: stage.current.accountable.personId } : null,
                        roles: Object.fromEntries(stage.current.raci.map((r) => [r.departmentId, r.raci as "responsible" | "consulted" | "informed"])),
                      }
                    : null
                }
              />
            </Card>
          ) : null}
          {mayWithdraw ? (
            <Card aria-labelledby="withdraw"><CardTitle id="withdraw">Withdraw</CardTitle><WithdrawForm action={withdrawDisputeAction} disputeId={dispute.id} /></Card>
          ) : null}
        </div>
      </div>
    </>
  );
}
