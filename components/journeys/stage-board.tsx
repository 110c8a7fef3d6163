import Link from "next/link";
import type { FormAction } from "@/components/forms/action-form";
import { Badge } from "@/components/ui/badge";
import { GoalSummary } from "@/components/goals/goal-summary";
import type { StageGoalSummary } from "@/lib/goals/queries";
import type { BoardStage } from "@/lib/journeys/queries";
import { formatDate } from "@/lib/time-format";
import { StageCardActions } from "./stage-actions";
import { FLAG_LABELS, RACI_LABEL, SOURCE_LABELS, emotionText } from "./labels";

type Props = {
  journeyId: string;
  stages: BoardStage[];
  asOf: string | null;
  /** The company's zone, for the dates owners took over. */
  timeZone: string;
  canReorder: boolean;
  /** The caller's department and the stages the claim rule lets them claim. */
  claimAs: { departmentName: string; stageIds: string[] } | null;
  goals: Record<string, StageGoalSummary>;
  actions: { move: FormAction<void>; claim: FormAction<{ stageId: string; departmentName: string }> };
};

/**
 * The stages as cards, in the customer's order. A large company's board repeats a card ten or
 * more times, and every element and class string is sent twice (HTML and the React payload):
 * one element per line of text, short component classes (app/globals.css), ids by position.
 * The stage links do not prefetch: ten prefetches on opening the board cost the phone's main thread.
 */
export function StageBoard({ journeyId, stages, asOf, timeZone, canReorder, claimAs, goals, actions }: Props) {
  const mayClaim = new Set(claimAs?.stageIds);
  return (
    <ol className="space-y-3" aria-label={asOf ? `Stages as of ${formatDate(asOf)}` : "Stages in the customer's order"}>
      {stages.map((s, i) => (
        <li key={s.id} className="stage-card" aria-labelledby={`sc${i}`}>
          <span aria-hidden className="stage-pos">{s.position}</span>
          <div className="stage-body">
            <h3 id={`sc${i}`}>
              <span className="sr-only">{`Stage ${s.position}: `}</span>
              <Link prefetch={false} href={`/journeys/${journeyId}/stages/${s.id}`}>{s.name}</Link>
            </h3>
            {s.archivedSince ? <p className="text-xs font-medium text-slate-600">{`Archived since ${formatDate(s.archivedSince, timeZone)}`}</p> : null}
            {s.customerGoal ? <p className="stage-goal">{`Customer wants to: ${s.customerGoal}`}</p> : null}
            <p className="note mt-1">{`Emotion: ${emotionText(s.emotionScore)}`}</p>
            <div className="stage-owners">
              {s.accountable ? (
                <p>
                  <b className="font-medium">Accountable:</b>
                  {` ${s.accountable.departmentName}${s.accountable.personName ? ` · ${s.accountable.personName}` : ""}`}
                  <span className="note">{` (${SOURCE_LABELS[s.accountable.source]}, since ${formatDate(s.accountable.since, timeZone)})`}</span>
                </p>
              ) : (
                <p className="font-medium text-red-800">{`No accountable owner${asOf ? ` on ${formatDate(asOf)}` : ""}`}</p>
              )}
              {s.raci.length ? <p className="text-slate-700">{s.raci.map((r) => `${RACI_LABEL[r.raci]}: ${r.departmentName}`).join("; ")}</p> : null}
            </div>
            <GoalSummary summary={goals[s.id]} className="mt-2" />
            {s.flags.length ? (
              <div className="stage-flags">
                {s.flags.map((f) => (
                  <Badge key={f} tone={FLAG_LABELS[f].tone}>
                    {f === "handoff_pending" && s.pendingHandoff ? `Handoff pending to ${s.pendingHandoff.toDepartmentName}` : FLAG_LABELS[f].text}
                  </Badge>
                ))}
              </div>
            ) : null}
          </div>
          {!asOf ? (
            // Always rendered: it keeps the claim's confirmation after the stage stops being claimable.
            <StageCardActions
              claim={actions.claim}
              move={canReorder ? actions.move : null}
              stageId={s.id}
              stageName={s.name}
              position={s.position}
              departmentName={claimAs?.departmentName ?? null}
              claimable={mayClaim.has(s.id)}
              first={i === 0}
              last={i === stages.length - 1}
            />
          ) : null}
        </li>
      ))}
    </ol>
  );
}
