import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { HistoryLink } from "@/components/audit/history-link";
import { AcknowledgeForm, CloseForm, LinkGoalForm, NoteForm, NotOurStageForm, ReopenForm, TakeActionForm } from "@/components/follow-ups/follow-up-forms";
import { FollowUpStatusBadge, scoreText } from "@/components/follow-ups/labels";
import { Card, CardTitle, PageHeader } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/guard";
import type { Actor } from "@/lib/auth/current-user";
import { isDomainError } from "@/lib/errors";
import { getFollowUp, type FollowUpEventRow } from "@/lib/follow-ups/queries";
import { FOLLOW_UP_STATUS_LABELS } from "@/lib/follow-ups/rules";
import { getTimeZone } from "@/lib/settings";
import { formatDateTime } from "@/lib/time-format";
import { isUuid } from "@/lib/validation";
import {
  acknowledgeFollowUpAction,
  addFollowUpNoteAction,
  closeFollowUpAction,
  linkFollowUpGoalAction,
  raiseFollowUpDisputeAction,
  recordFollowUpActionAction,
  reopenFollowUpAction,
} from "../actions";

type Props = { params: Promise<{ id: string }> };

const load = cache((actor: Actor, id: string) => getFollowUp(actor, id));

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const actor = await requireUser("app.view");
  const { id } = await params;
  if (!isUuid(id)) return { title: "Follow-up" };
  const f = await load(actor, id).catch(() => null);
  return { title: f ? `Follow-up on ${f.stageName}` : "Follow-up" };
}

const SOURCE_LABELS: Record<string, string> = { survey: "Survey", support: "Support", review: "Review", interview: "Interview", other: "Other" };

function eventText(e: FollowUpEventRow): string {
  switch (e.kind) {
    case "opened":
      return `Opened${e.toDepartmentName ? ` for ${e.toDepartmentName}` : " in the CCO's queue (the stage has no owner)"}`;
    case "acknowledged":
      return "Acknowledged";
    case "action_taken":
      return "Action taken";
    case "closed":
      return "Closed";
    case "reopened":
      return "Reopened";
    case "moved":
      return `Moved with the stage from ${e.fromDepartmentName ?? "the CCO's queue"} to ${e.toDepartmentName ?? "no department"}`;
    case "linked_goal":
      return "Linked to a goal";
    case "dispute_raised":
      return "Dispute raised: not our stage";
    case "overdue_notified":
      return "Overdue: the owning head was notified";
    case "escalated":
      return "Escalated to the CCO";
    default:
      return "Note";
  }
}

export default async function FollowUpPage({ params }: Props) {
  const actor = await requireUser("app.view");
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const [f, timeZone] = await Promise.all([
    load(actor, id).catch((e: unknown) => {
      if (isDomainError(e)) notFound();
      throw e;
    }),
    getTimeZone(),
  ]);
  const when = (d: Date) => formatDateTime(d, timeZone);
  const ids = { followUpId: f.id, status: f.status };
  return (
    <>
      <PageHeader
        title={`Follow-up on ${f.stageName}`}
        actions={<HistoryLink role={actor.role} entityType="follow_up" entityId={f.id} />}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <FollowUpStatusBadge status={f.status} overdue={f.overdue} />
            <span>
              stage <Link href={`/journeys/${f.journeyId}/stages/${f.stageId}`} className="link">{f.stageName}</Link> ({f.journeyName})
            </span>
            <span>· {f.departmentName ?? "No owner: the CCO's queue"}</span>
            <Link href="/follow-ups" className="link">All follow-ups</Link>
          </span>
        }
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <Card aria-labelledby="signal">
            <CardTitle id="signal">What the customer said</CardTitle>
            <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
              <div><dt className="font-medium text-slate-600">Score</dt><dd>{scoreText(f.scale, f.score)}</dd></div>
              <div><dt className="font-medium text-slate-600">Source</dt><dd>{SOURCE_LABELS[f.source] ?? f.source}{f.signal.channel ? ` · ${f.signal.channel}` : ""}</dd></div>
              <div><dt className="font-medium text-slate-600">Received</dt><dd>{when(f.signal.receivedAt)}</dd></div>
              <div><dt className="font-medium text-slate-600">Why a follow-up</dt><dd>{f.reason === "flagged" ? "Flagged by a person" : "Below the negative threshold"}</dd></div>
              {f.signal.customerRef ? <div><dt className="font-medium text-slate-600">Customer reference</dt><dd>{f.signal.customerRef}</dd></div> : null}
              {f.signal.tags.length ? <div><dt className="font-medium text-slate-600">Tags</dt><dd>{f.signal.tags.join(", ")}</dd></div> : null}
              <div className="sm:col-span-2">
                <dt className="font-medium text-slate-600">Comment</dt>
                <dd>
                  {f.commentRemoved ? (
                    <em>Removed{f.signal.commentRemovedReason ? `: ${f.signal.commentRemovedReason}` : ""}</em>
                  ) : f.comment ? (
                    <blockquote className="whitespace-pre-wrap border-l-4 border-slate-200 pl-3">{f.comment}</blockquote>
                  ) : (
                    "No comment"
                  )}
                </dd>
              </div>
            </dl>
          </Card>
          <Card aria-labelledby="history">
            <CardTitle id="history">History</CardTitle>
            <ol className="space-y-3 text-sm">
              {f.events.map((e) => (
                <li key={e.id} className="border-l-2 border-slate-200 pl-3">
                  <div className="font-medium">{eventText(e)}</div>
                  <div className="text-xs text-slate-600">
                    {when(e.createdAt)} · {e.actorName ?? "Throughline"}
                    {e.fromStatus && e.toStatus ? ` · ${FOLLOW_UP_STATUS_LABELS[e.fromStatus]} → ${FOLLOW_UP_STATUS_LABELS[e.toStatus]}` : ""}
                  </div>
                  {e.note ? <p className="mt-1 whitespace-pre-wrap text-slate-800">{e.note}</p> : null}
                </li>
              ))}
            </ol>
          </Card>
        </div>
        <div className="space-y-6">
          <Card aria-labelledby="status">
            <CardTitle id="status">Service level</CardTitle>
            <dl className="space-y-2 text-sm">
              <div><dt className="font-medium text-slate-600">Due</dt><dd>{when(f.dueAt)}{f.overdue ? " (overdue)" : ""}</dd></div>
              {f.closedAt ? <div><dt className="font-medium text-slate-600">Closed</dt><dd>{when(f.closedAt)}</dd></div> : null}
              {f.escalatedAt ? <div><dt className="font-medium text-slate-600">Escalated to the CCO</dt><dd>{when(f.escalatedAt)}</dd></div> : null}
              {f.goal ? <div><dt className="font-medium text-slate-600">Goal</dt><dd><Link href={`/goals/${f.goal.id}`} className="link">{f.goal.title}</Link></dd></div> : null}
              {f.dispute ? <div><dt className="font-medium text-slate-600">Dispute</dt><dd><Link href={`/disputes/${f.dispute.id}`} className="link">{f.dispute.title}</Link> ({f.dispute.status.replace("_", " ")})</dd></div> : null}
            </dl>
          </Card>
          {f.steps.length ? (
            <Card aria-labelledby="next">
              <CardTitle id="next">Next step</CardTitle>
              {f.steps.includes("acknowledge") ? <AcknowledgeForm action={acknowledgeFollowUpAction} {...ids} /> : null}
              {f.steps.includes("take_action") ? <TakeActionForm action={recordFollowUpActionAction} {...ids} /> : null}
              {f.steps.includes("close") ? <CloseForm action={closeFollowUpAction} {...ids} /> : null}
              {f.steps.includes("reopen") ? <ReopenForm action={reopenFollowUpAction} {...ids} /> : null}
            </Card>
          ) : !f.mayAct ? (
            <p className="text-sm text-slate-600">{f.departmentName ? `${f.departmentName}'s people and the CCO act on this follow-up.` : "The CCO acts on this follow-up until the stage has an owner."}</p>
          ) : null}
          {f.mayWorkOn && f.goalOptions.length ? (
            <Card aria-labelledby="goal">
              <CardTitle id="goal">Link to a goal</CardTitle>
              <LinkGoalForm action={linkFollowUpGoalAction} followUpId={f.id} goals={f.goalOptions} currentGoalId={f.goal?.id ?? null} />
            </Card>
          ) : null}
          {f.mayDispute && (!f.dispute || f.dispute.status === "decided" || f.dispute.status === "withdrawn") ? (
            <Card aria-labelledby="dispute">
              <CardTitle id="dispute" description="Raises an ownership dispute about this stage; the CCO decides who owns it, and the follow-up moves with the stage.">Not our stage</CardTitle>
              <NotOurStageForm action={raiseFollowUpDisputeAction} followUpId={f.id} departments={f.departmentOptions} />
            </Card>
          ) : null}
          {f.mayAct ? (
            <Card aria-labelledby="note">
              <CardTitle id="note">Add a note</CardTitle>
              <NoteForm action={addFollowUpNoteAction} followUpId={f.id} />
            </Card>
          ) : null}
        </div>
      </div>
    </>
  );
}
