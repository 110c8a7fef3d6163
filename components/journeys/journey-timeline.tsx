import Link from "next/link";
import { GoalSummary } from "@/components/goals/goal-summary";
import { Badge } from "@/components/ui/badge";
import { measuredText, phaseRuns, type CanvasStage } from "@/lib/journeys/canvas-model";
import { plural } from "@/lib/format";
import { FLAG_LABELS, RACI_LETTER, emotionText } from "./labels";

/** The canvas on a phone: the same stages and lanes as a vertical timeline, phase by phase. */
export function JourneyTimeline({ journeyId, stages }: { journeyId: string; stages: CanvasStage[] }) {
  const runs = phaseRuns(stages);
  return (
    <ol className="relative space-y-4 border-l-2 border-brand-100 pl-5" aria-label="Stages in the customer's order" data-testid="journey-timeline">
      {stages.map((s) => {
        const showPhase = runs.has(s.id);
        const needs = s.flags.find((f) => f === "unowned" || f === "owner_inactive" || f === "department_archived");
        return (
          <li key={s.id} className="relative" aria-labelledby={`timeline-stage-${s.id}`}>
            <span aria-hidden className="absolute -left-[2.05rem] top-0 flex h-7 w-7 items-center justify-center rounded-full bg-brand-100 text-sm font-semibold text-brand-800">{s.position}</span>
            {showPhase ? <p className="mb-1 text-xs font-semibold uppercase tracking-wide text-brand-800">{s.phase}</p> : null}
            <div className={`rounded-lg border bg-white p-3 ${needs ? "border-2 border-dashed border-red-500" : "border-slate-200"}`}>
              <h3 id={`timeline-stage-${s.id}`} className="break-words font-semibold">
                <span className="sr-only">Stage {s.position}: </span>
                <Link href={`/journeys/${journeyId}/stages/${s.id}`} className="text-brand-700 hover:underline">{s.name}</Link>
              </h3>
              <dl className="mt-2 space-y-1 text-sm">
                {s.customerGoal ? <div><dt className="inline font-medium">Customer wants to: </dt><dd className="inline">{s.customerGoal}</dd></div> : null}
                <div>
                  <dt className="inline font-medium">Owner: </dt>
                  <dd className="inline">
                    {s.accountable ? `${s.accountable.departmentName}${s.accountable.personName ? ` · ${s.accountable.personName}` : ""}` : null}
                    {needs ? <span className="font-semibold text-red-800"> <span aria-hidden>⚠ </span>{FLAG_LABELS[needs].text}</span> : null}
                    {s.raci.filter((r) => r.raci !== "accountable").map((r) => ` · ${RACI_LETTER[r.raci]} ${r.departmentName}`).join("")}
                  </dd>
                </div>
                <div><dt className="sr-only">Goal health</dt><dd><GoalSummary summary={s.goals} /></dd></div>
                <div className="text-xs text-slate-700"><dt className="inline font-medium">Emotion: </dt><dd className="inline">judged {emotionText(s.emotionScore)}; measured {measuredText(s.measured)}</dd></div>
                <div className="flex flex-wrap gap-1">
                  <dt className="sr-only">Follow-ups and disputes</dt>
                  <dd className="flex flex-wrap gap-1">
                    {s.work.openFollowUps ? <Badge tone={s.work.overdueFollowUps ? "red" : "amber"}>{plural(s.work.openFollowUps, "open follow-up")}</Badge> : null}
                    {s.flags.includes("disputed") ? <Badge tone="amber">Disputed</Badge> : null}
                    {s.pendingHandoffTo ? <Badge tone="amber">Handoff pending to {s.pendingHandoffTo}</Badge> : null}
                  </dd>
                </div>
                {s.touchpoints.length || s.channels.length ? (
                  <div className="text-xs text-slate-700">
                    <dt className="inline font-medium">Touchpoints and channels: </dt>
                    <dd className="inline">{[...s.touchpoints, ...s.channels].join(", ")}</dd>
                  </div>
                ) : null}
              </dl>
            </div>
          </li>
        );
      })}
    </ol>
  );
}
