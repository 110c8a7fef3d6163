import type { CheckInRow } from "@/lib/goals/queries";
import { daysBetween } from "@/lib/time";
import { formatDate } from "@/lib/time-format";

const W = 720;
const H = 260;
const PAD = { l: 64, r: 24, t: 16, b: 40 };

/** Check-ins against the plan line from baseline (start date) to target (due date). */
export function ProgressChart({ goal, checkIns, unit, today }: { goal: { baseline: string; target: string; startDate: string; dueDate: string }; checkIns: CheckInRow[]; unit: string; today: string }) {
  const points = [...checkIns].sort((a, b) => a.measuredOn.localeCompare(b.measuredOn) || a.createdAt.getTime() - b.createdAt.getTime());
  const values = [Number(goal.baseline), Number(goal.target), ...points.map((p) => Number(p.value))];
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  const padV = (hi - lo) * 0.1 || 1;
  lo -= padV;
  hi += padV;
  // The x axis counts calendar days from the start date.
  const t = (iso: string) => daysBetween(goal.startDate, iso);
  const dates = [t(goal.startDate), t(goal.dueDate), ...points.map((p) => t(p.measuredOn))];
  const d0 = Math.min(...dates);
  const d1 = Math.max(...dates, d0 + 1);
  const x = (ms: number) => PAD.l + ((ms - d0) / (d1 - d0)) * (W - PAD.l - PAD.r);
  const y = (v: number) => PAD.t + ((hi - v) / (hi - lo)) * (H - PAD.t - PAD.b);
  const fmt = (v: number) => (Math.abs(v) >= 1000 ? v.toLocaleString("en", { maximumFractionDigits: 0 }) : String(Math.round(v * 100) / 100));
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => lo + f * (hi - lo));
  const actual = points.map((p, i) => `${i ? "L" : "M"}${x(t(p.measuredOn))},${y(Number(p.value))}`).join("");
  const plan = `Plan from ${goal.baseline} on ${formatDate(goal.startDate)} to ${goal.target} on ${formatDate(goal.dueDate)}.`;
  const label = points.length ? `${plan} Check-ins: ${points.map((p) => `${p.value} on ${formatDate(p.measuredOn)}`).join(", ")}.` : `${plan} No check-ins yet.`;
  return (
    <figure>
      <svg viewBox={`0 0 ${W} ${H}`} className="h-auto w-full" role="img" aria-label={label}>
        {ticks.map((v) => (
          <g key={v}>
            <line x1={PAD.l} x2={W - PAD.r} y1={y(v)} y2={y(v)} stroke="#e2e8f0" />
            <text x={PAD.l - 6} y={y(v) + 4} textAnchor="end" fontSize="11" fill="#475569">{fmt(v)}</text>
          </g>
        ))}
        <text x={PAD.l} y={H - 8} fontSize="11" fill="#475569">{formatDate(goal.startDate)}</text>
        <text x={W - PAD.r} y={H - 8} fontSize="11" fill="#475569" textAnchor="end">{formatDate(goal.dueDate)}</text>
        <line x1={x(t(goal.startDate))} y1={y(Number(goal.baseline))} x2={x(t(goal.dueDate))} y2={y(Number(goal.target))} stroke="#94a3b8" strokeWidth="2" strokeDasharray="6 4" />
        <line x1={x(t(today))} x2={x(t(today))} y1={PAD.t} y2={H - PAD.b} stroke="#cbd5e1" />
        {actual ? <path d={actual} fill="none" stroke="#4f46e5" strokeWidth="2.5" /> : null}
        {points.map((p) => (
          <circle key={p.id} cx={x(t(p.measuredOn))} cy={y(Number(p.value))} r="4.5" fill="#4f46e5" />
        ))}
      </svg>
      <figcaption className="mt-1 text-xs text-slate-600">
        Dashed: the plan from baseline to target. Solid: check-ins ({unit}). The thin vertical line is today.
      </figcaption>
    </figure>
  );
}
