import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Table, Td, Th } from "@/components/ui/table";
import type { GoalRow } from "@/lib/goals/queries";
import { formatDate } from "@/lib/time-format";
import { HealthBadge, ProgressBar } from "./health-badge";

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
              <Link href={`/goals/${g.id}`} className="font-medium text-brand-700 hover:underline">{g.title}</Link>
              <div className="text-xs text-slate-600">{g.metricName}: {g.baseline} → {g.target} {g.metricUnit}</div>
            </Td>
            {showStage ? (
              <Td className="min-w-40">
                <Link href={`/journeys/${g.journeyId}/stages/${g.stageId}`} className="text-brand-700 hover:underline">{g.stageName}</Link>
                <div className="text-xs text-slate-500">{g.journeyName}</div>
              </Td>
            ) : null}
            <Td className="min-w-32">{g.departmentName}<div className="text-xs text-slate-500">{g.ownerName}</div></Td>
            <Td>{g.latestValue ?? "—"}{g.lastCheckInOn ? <div className="whitespace-nowrap text-xs text-slate-500">{formatDate(g.lastCheckInOn)}</div> : null}</Td>
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
