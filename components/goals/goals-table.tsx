import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Table, Td, Th } from "@/components/ui/table";
import type { GoalRow } from "@/lib/goals/queries";
import { formatDate } from "@/lib/time-format";
import { HealthBadge, ProgressBar } from "./health-badge";

/**
 * A stage page or a goals list repeats a row per goal: short component classes (app/globals.css)
 * and one text node per line keep each row small in the HTML and in the React payload; its links
 * do not prefetch (a stage may list dozens of goals).
 */
export function GoalsTable({ goals, caption, showStage = true }: { goals: GoalRow[]; caption: string; showStage?: boolean }) {
  return (
    <Table caption={caption}>
      <thead>
        <tr>
          <Th>Goal</Th>
          {showStage ? <Th>Stage</Th> : null}
          <Th>Department · owner</Th>
          <Th>Latest</Th>
          <Th>Progress</Th>
          <Th>Health</Th>
          <Th>Due</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {goals.map((g) => (
          <tr key={g.id}>
            <Td className="min-w-48">
              <Link prefetch={false} href={`/goals/${g.id}`} className="goal-title">{g.title}</Link>
              <span className="sub text-slate-600">{`${g.metricName}: ${g.baseline} → ${g.target} ${g.metricUnit}`}</span>
            </Td>
            {showStage ? (
              <Td className="min-w-40">
                <Link prefetch={false} href={`/journeys/${g.journeyId}/stages/${g.stageId}`} className="text-brand-700 hover:underline">{g.stageName}</Link>
                <span className="sub">{g.journeyName}</span>
              </Td>
            ) : null}
            <Td className="min-w-32">{g.departmentName}<span className="sub">{g.ownerName}</span></Td>
            <Td>{g.latestValue ?? "—"}{g.lastCheckInOn ? <span className="sub whitespace-nowrap">{formatDate(g.lastCheckInOn)}</span> : null}</Td>
            <Td><ProgressBar progress={g.progress} expected={g.expected} /></Td>
            <Td>
              <div className="flex flex-wrap gap-1">
                <HealthBadge health={g.health} status={g.status} />
                {g.stale ? <Badge tone="amber">Stale</Badge> : null}
              </div>
            </Td>
            <Td className="whitespace-nowrap">{formatDate(g.dueDate)}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
