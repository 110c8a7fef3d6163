// The journey canvas's shape, shared by the page, the browser component and the SVG export.
// Pure: no database, no zod, so the browser can import it.
import type { StageGoalSummary } from "@/lib/goals/queries";
import type { OwnershipFlag } from "@/lib/ownership/rules";

export type MeasuredEmotion = {
  /** Mean of the scored signals on −2…+2 (each scale's midpoint is 0), or null without scores. */
  score: number | null;
  /** Scored signals in the window. */
  sample: number;
  /** Fewer scored signals than the company's minimum sample: shown, but marked as thin. */
  thin: boolean;
};

export type StageWork = { openFollowUps: number; overdueFollowUps: number };

export type CanvasStage = {
  id: string;
  position: number;
  name: string;
  phase: string;
  customerGoal: string;
  emotionScore: number | null;
  touchpoints: string[];
  channels: string[];
  accountable: { departmentId: string; departmentName: string; personId: string | null; personName: string | null } | null;
  raci: { departmentId: string; departmentName: string; raci: "accountable" | "responsible" | "consulted" | "informed" }[];
  flags: OwnershipFlag[];
  pendingHandoffTo: string | null;
  goals: StageGoalSummary | undefined;
  measured: MeasuredEmotion;
  work: StageWork;
};

export const CANVAS = { laneTitleWidth: 168, columnWidth: 232, emotionHeight: 144 } as const;

export const LANES = [
  { key: "goal", title: "What the customer is trying to do" },
  { key: "owner", title: "Owner and R/C/I" },
  { key: "health", title: "Goal health" },
  { key: "emotion", title: "Emotion (judged ●, measured ■)" },
  { key: "work", title: "Follow-ups and disputes" },
  { key: "touchpoints", title: "Touchpoints and channels" },
] as const;

/** y of an emotion −2…+2 in a lane of height h (top is delighted), with room for the labels below. */
export function emotionY(v: number, h: number): number {
  const top = 12;
  const bottom = h - 64;
  return top + ((2 - Math.max(-2, Math.min(2, v))) * (bottom - top)) / 4;
}

export function measuredText(m: MeasuredEmotion): string {
  if (m.score === null) return "no scores yet";
  const v = `${m.score > 0 ? "+" : ""}${m.score.toFixed(1)}`;
  return `${v} from ${m.sample} ${m.sample === 1 ? "score" : "scores"}${m.thin ? " (thin sample)" : ""}`;
}

/** For the first stage of each run of consecutive stages with the same phase: its label and length. */
export function phaseRuns(stages: Pick<CanvasStage, "id" | "phase">[]): Map<string, { label: string; span: number }> {
  const out = new Map<string, { label: string; span: number }>();
  let start: { id: string; label: string; span: number } | null = null;
  for (const s of stages) {
    if (s.phase && start && start.label === s.phase) start.span++;
    else {
      if (start) out.set(start.id, { label: start.label, span: start.span });
      start = s.phase ? { id: s.id, label: s.phase, span: 1 } : null;
    }
  }
  if (start) out.set(start.id, { label: start.label, span: start.span });
  return out;
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Breaks text into at most `lines` lines of about `chars` characters, the last cut with an ellipsis. */
export function wrapText(text: string, chars: number, lines: number): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const out: string[] = [];
  let line = "";
  for (const w of words) {
    const next = line ? `${line} ${w}` : w;
    if (next.length <= chars) line = next;
    else {
      if (line) out.push(line);
      line = w.length > chars ? `${w.slice(0, chars - 1)}…` : w;
    }
    if (out.length === lines) break;
  }
  if (line && out.length < lines) out.push(line);
  if (out.length === lines && words.join(" ").length > out.join(" ").length) out[lines - 1] = `${out[lines - 1]!.slice(0, chars - 1)}…`;
  return out;
}

/**
 * The canvas as a standalone SVG (for the "Download SVG" and, drawn onto a canvas in the
 * browser, "Download PNG" buttons): the same columns and lanes as the page, text only in
 * system fonts so it opens anywhere.
 */
export function canvasSvg(journey: { name: string; segment: string }, stages: CanvasStage[], generatedAt: string): string {
  const colW = CANVAS.columnWidth;
  const titleW = CANVAS.laneTitleWidth;
  const headH = 64;
  const rowH = { phase: 28, stage: 44, goal: 70, owner: 84, health: 44, emotion: CANVAS.emotionHeight, work: 44, touchpoints: 70 };
  const order = ["phase", "stage", "goal", "owner", "health", "emotion", "work", "touchpoints"] as const;
  const titles: Record<(typeof order)[number], string> = { phase: "Phase", stage: "Stage", goal: LANES[0].title, owner: LANES[1].title, health: LANES[2].title, emotion: LANES[3].title, work: LANES[4].title, touchpoints: LANES[5].title };
  const width = titleW + Math.max(1, stages.length) * colW;
  const rowY = {} as Record<(typeof order)[number], number>;
  let y = headH;
  for (const r of order) {
    rowY[r] = y;
    y += rowH[r];
  }
  const height = y + 24;
  const parts: string[] = [];
  const text = (x: number, ty: number, s: string, attrs = "") => `<text x="${x}" y="${ty}" ${attrs}>${esc(s)}</text>`;
  parts.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  parts.push(text(16, 28, journey.name, 'font-size="20" font-weight="600" fill="#0f172a"'));
  parts.push(text(16, 50, `${journey.segment ? `For: ${journey.segment} · ` : ""}${stages.length} stages · ${generatedAt}`, 'font-size="12" fill="#475569"'));
  parts.push(`<rect x="0" y="${headH}" width="${titleW}" height="${y - headH}" fill="#f8fafc"/>`);
  for (const r of order) {
    parts.push(`<line x1="0" x2="${width}" y1="${rowY[r]}" y2="${rowY[r]}" stroke="#e2e8f0"/>`);
    wrapText(titles[r], 22, 2).forEach((l, i) => parts.push(text(10, rowY[r] + 18 + i * 14, l, 'font-size="11" font-weight="600" fill="#334155"')));
  }
  const runs = phaseRuns(stages);
  stages.forEach((s, i) => {
    const x0 = titleW + i * colW;
    const tx = x0 + 10;
    parts.push(`<line x1="${x0}" x2="${x0}" y1="${headH}" y2="${y}" stroke="#e2e8f0"/>`);
    const run = runs.get(s.id);
    if (s.phase) parts.push(`<rect x="${x0}" y="${rowY.phase}" width="${colW}" height="${rowH.phase}" fill="#eef2ff"/>`);
    if (run) parts.push(text(tx, rowY.phase + 18, run.label, 'font-size="12" font-weight="600" fill="#3730a3"'));
    parts.push(text(tx, rowY.stage + 18, `${s.position}. ${wrapText(s.name, 30, 1)[0] ?? ""}`, 'font-size="13" font-weight="600" fill="#0f172a"'));
    wrapText(s.customerGoal || "—", 34, 4).forEach((l, k) => parts.push(text(tx, rowY.goal + 16 + k * 13, l, 'font-size="11" fill="#334155"')));
    const owner = s.accountable ? `${s.accountable.departmentName}${s.accountable.personName ? ` · ${s.accountable.personName}` : ""}` : "⚠ Needs an owner";
    parts.push(text(tx, rowY.owner + 16, wrapText(owner, 34, 1)[0] ?? "", `font-size="11" font-weight="600" fill="${s.accountable ? "#0f172a" : "#b91c1c"}"`));
    s.raci
      .filter((r) => r.raci !== "accountable")
      .slice(0, 4)
      .forEach((r, k) => parts.push(text(tx, rowY.owner + 31 + k * 13, `${r.raci.charAt(0).toUpperCase()} ${r.departmentName}`, 'font-size="10" fill="#475569"')));
    const g = s.goals;
    const health = !g || g.open === 0 ? "No open goals" : `${g.open} open: ${Object.entries(g.counts).map(([h, n]) => `${n} ${h.replace("_", " ")}`).join(", ")}`;
    wrapText(health, 34, 2).forEach((l, k) => parts.push(text(tx, rowY.health + 16 + k * 13, l, 'font-size="11" fill="#334155"')));
    parts.push(text(tx, rowY.emotion + rowH.emotion - 30, `Judged: ${s.emotionScore === null ? "not scored" : (s.emotionScore > 0 ? "+" : "") + s.emotionScore}`, 'font-size="10" fill="#334155"'));
    parts.push(text(tx, rowY.emotion + rowH.emotion - 16, `Measured: ${measuredText(s.measured)}`, 'font-size="10" fill="#334155"'));
    const work = [s.work.openFollowUps ? `${s.work.openFollowUps} open follow-ups${s.work.overdueFollowUps ? `, ${s.work.overdueFollowUps} overdue` : ""}` : "", s.flags.includes("disputed") ? "⚑ Disputed" : ""].filter(Boolean).join(" · ") || "Nothing open";
    wrapText(work, 34, 2).forEach((l, k) => parts.push(text(tx, rowY.work + 16 + k * 13, l, 'font-size="11" fill="#334155"')));
    const tc = [s.touchpoints.length ? `Touchpoints: ${s.touchpoints.join(", ")}` : "", s.channels.length ? `Channels: ${s.channels.join(", ")}` : ""].filter(Boolean).join(" · ") || "—";
    wrapText(tc, 34, 4).forEach((l, k) => parts.push(text(tx, rowY.touchpoints + 16 + k * 13, l, 'font-size="10" fill="#334155"')));
  });
  // The curves across the emotion lane.
  const cx = (i: number) => titleW + i * colW + colW / 2;
  const cy = (v: number) => rowY.emotion + emotionY(v, rowH.emotion);
  const curve = (value: (s: CanvasStage) => number | null, attrs: string) => {
    let d = "";
    let drawing = false;
    stages.forEach((s, i) => {
      const v = value(s);
      if (v === null) drawing = false;
      else {
        d += `${drawing ? "L" : "M"}${cx(i)},${cy(v)}`;
        drawing = true;
      }
    });
    return d ? `<path d="${d}" fill="none" ${attrs}/>` : "";
  };
  parts.push(`<line x1="${titleW}" x2="${width}" y1="${cy(0)}" y2="${cy(0)}" stroke="#cbd5e1" stroke-dasharray="3 3"/>`);
  parts.push(curve((s) => s.emotionScore, 'stroke="#4f46e5" stroke-width="2.5"'));
  parts.push(curve((s) => s.measured.score, 'stroke="#0f766e" stroke-width="2" stroke-dasharray="6 4"'));
  stages.forEach((s, i) => {
    if (s.emotionScore !== null) parts.push(`<circle cx="${cx(i)}" cy="${cy(s.emotionScore)}" r="5" fill="${s.emotionScore < 0 ? "#dc2626" : "#4f46e5"}"/>`);
    if (s.measured.score !== null) parts.push(`<rect x="${cx(i) - 4}" y="${cy(s.measured.score) - 4}" width="8" height="8" fill="${s.measured.thin ? "#ffffff" : "#0f766e"}" stroke="#0f766e" stroke-width="1.5"/>`);
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" role="img" aria-label="${esc(`Journey map of ${journey.name}`)}"><title>${esc(`Journey map: ${journey.name}`)}</title>${parts.join("")}</svg>\n`;
}
