import Link from "next/link";
import type { FormAction } from "@/components/forms/action-form";
import { Badge } from "@/components/ui/badge";
import { GoalSummary } from "@/components/goals/goal-summary";
import type { StageGoalSummary } from "@/lib/goals/queries";
import type { BoardStage } from "@/lib/journeys/queries";
import { formatDate } from "@/lib/time-format";
import { ClaimStage, MoveStageButtons } from "./stage-actions";
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

export function StageBoard({ journeyId, stages, asOf, timeZone, canReorder, claimAs, goals, actions }: Props) {
  return (
    <ol className="space-y-3" aria-label={asOf ? `Stages as of ${formatDate(asOf)}` : "Stages in the customer's order"}>
      {stages.map((s, i) => (
        <li key={s.id} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" aria-labelledby={`stage-${s.id}`}>
          <div className="flex flex-wrap items-start gap-4">
            <span aria-hidden className="flex h-8 w-8 shrink-0 items-center justify-center rounded-full bg-brand-50 font-semibold text-brand-800">{s.position}</span>
            <div className="min-w-0 flex-1 basis-60">
              <h3 id={`stage-${s.id}`} className="break-words font-semibold">
                <span className="sr-only">Stage {s.position}: </span>
                <Link href={`/journeys/${journeyId}/stages/${s.id}`} className="text-brand-700 hover:underline">{s.name}</Link>
              </h3>
              {s.archivedSince ? <p className="text-xs font-medium text-slate-600">Archived since {formatDate(s.archivedSince, timeZone)}</p> : null}
              {s.customerGoal ? <p className="text-sm text-slate-600">Customer wants to: {s.customerGoal}</p> : null}
              <p className="mt-1 text-xs text-slate-500">Emotion: {emotionText(s.emotionScore)}</p>
              <div className="mt-2 text-sm">
                {s.accountable ? (
                  <p>
                    <span className="font-medium">Accountable:</span> {s.accountable.departmentName}
                    {s.accountable.personName ? ` · ${s.accountable.personName}` : ""}
                    <span className="text-xs text-slate-500"> ({SOURCE_LABELS[s.accountable.source]}, since {formatDate(s.accountable.since, timeZone)})</span>
                  </p>
                ) : (
                  <p className="font-medium text-red-800">No accountable owner{asOf ? ` on ${formatDate(asOf)}` : ""}</p>
                )}
                {s.raci.length ? (
                  <p className="text-slate-700">
                    {s.raci.map((r, idx) => (
                      <span key={r.departmentId}>
                        {idx ? "; " : ""}
                        {RACI_LABEL[r.raci]}: {r.departmentName}
                      </span>
                    ))}
                  </p>
                ) : null}
              </div>
              <div className="mt-2"><GoalSummary summary={goals[s.id]} /></div>
              {s.flags.length ? (
                <div className="mt-2 flex flex-wrap gap-1">
                  {s.flags.map((f) => (
                    <Badge key={f} tone={FLAG_LABELS[f].tone}>
                      {f === "handoff_pending" && s.pendingHandoff ? `Handoff pending to ${s.pendingHandoff.toDepartmentName}` : FLAG_LABELS[f].text}
                    </Badge>
                  ))}
                </div>
              ) : null}
            </div>
            {!asOf ? (
              <div className="flex flex-wrap items-end gap-2 sm:flex-col">
                {/* Always rendered: it keeps the claim's confirmation after the stage stops being claimable. */}
                <ClaimStage action={actions.claim} stageId={s.id} stageName={s.name} departmentName={claimAs?.departmentName ?? null} claimable={claimAs?.stageIds.includes(s.id) ?? false} />
                {canReorder ? (
                  <MoveStageButtons action={actions.move} stageId={s.id} stageName={s.name} position={s.position} first={i === 0} last={i === stages.length - 1} />
                ) : null}
              </div>
            ) : null}
          </div>
        </li>
      ))}
    </ol>
  );
}
