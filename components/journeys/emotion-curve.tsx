import type { MeasuredEmotion } from "@/lib/journeys/canvas-model";
import { measuredText } from "@/lib/journeys/canvas-model";
import type { BoardStage } from "@/lib/journeys/queries";
import { emotionText } from "./labels";
import { EmotionTable } from "./emotion-table";
import { plural } from "@/lib/format";

const W = 720;
const H = 220;
const PAD = { l: 118, r: 64, t: 16, b: 44 };
// About how wide one character of the 11-unit stage labels is, to cut a name to the room it has.
const CHAR_W = 6.2;

/**
 * The journey's emotional curve: the CCO's score per stage, −2…+2, drawn in stage order, and
 * beside it (when given) the curve measured from customers' scores, so a gap between what the
 * company believes and what customers say shows.
 */
export function EmotionCurve({ stages, measured }: { stages: BoardStage[]; measured?: Map<string, MeasuredEmotion> }) {
  const n = stages.length;
  // Coordinates to a tenth of a unit: finer is invisible, and each is written twice (HTML and payload).
  const r1 = (v: number) => Math.round(v * 10) / 10;
  const x = (i: number) => r1(PAD.l + (n <= 1 ? (W - PAD.l - PAD.r) / 2 : (i * (W - PAD.l - PAD.r)) / (n - 1)));
  const y = (v: number) => r1(PAD.t + ((2 - v) * (H - PAD.t - PAD.b)) / 4);
  // A label is centred under its point: it may use the gap to its neighbours, and the last one the right margin.
  const gap = n <= 1 ? W - PAD.l - PAD.r : (W - PAD.l - PAD.r) / (n - 1);
  const room = (i: number) => Math.max(8, Math.floor((n > 1 && i === n - 1 ? Math.min(gap, 2 * PAD.r) : gap) / CHAR_W));
  const shortLabel = (s: BoardStage, i: number) => {
    const full = `${s.position}. ${s.name}`;
    return full.length > room(i) ? `${full.slice(0, room(i) - 1)}…` : full;
  };
  // Unscored stages break the line rather than pretending to be neutral.
  const segments: string[] = [];
  let current = "";
  stages.forEach((s, i) => {
    if (s.emotionScore === null) {
      if (current) segments.push(current);
      current = "";
    } else current += `${current ? "L" : "M"}${x(i)},${y(s.emotionScore)}`;
  });
  if (current) segments.push(current);
  let measuredPath = "";
  let drawing = false;
  stages.forEach((s, i) => {
    const m = measured?.get(s.id);
    if (!m || m.score === null) drawing = false;
    else {
      measuredPath += `${drawing ? "L" : "M"}${x(i)},${y(m.score)}`;
      drawing = true;
    }
  });
  const scored = stages.filter((s) => s.emotionScore !== null).length;
  const measuredStages = measured ? stages.filter((s) => (measured.get(s.id)?.score ?? null) !== null) : [];
  const measuredSummary = !measured
    ? ""
    : measuredStages.length
      ? ` Measured from customers' scores: ${measuredStages.map((s) => `${s.name} ${measuredText(measured.get(s.id)!)}`).join("; ")}.`
      : " No customer scores in the last 90 days.";
  const summary =
    (scored ? `Emotional curve across ${plural(n, "stage")}: ${stages.map((s) => `${s.name} ${emotionText(s.emotionScore)}`).join("; ")}.` : "No stage has an emotion score yet.") + measuredSummary;
  // The SVG's presentation is in classes (app/globals.css, .ec-*): its points and labels repeat per stage.
  return (
    <figure>
      {/* On a phone the curve keeps a readable size and scrolls inside its box instead of shrinking its text. */}
      <div className="relative overflow-x-auto" tabIndex={0} role="region" aria-label="How the customer feels at each stage (scrolls sideways on a small screen)">
      <svg viewBox={`0 0 ${W} ${H}`} className="h-auto w-full min-w-[36rem] max-w-3xl" role="img" aria-label={summary}>
        {[-2, -1, 0, 1, 2].map((v) => (
          <line key={`g${v}`} x1={PAD.l} x2={W - PAD.r} y1={y(v)} y2={y(v)} className={v === 0 ? "ec-zero" : "ec-grid"} />
        ))}
        {[-2, -1, 0, 1, 2].map((v) => (
          <text key={`a${v}`} x={PAD.l - 8} y={y(v) + 4} className="ec-axis">
            {`${v > 0 ? `+${v}` : v} ${v === 2 ? "Delighted" : v === -2 ? "Very unhappy" : v === 0 ? "Neutral" : ""}`}
          </text>
        ))}
        {segments.map((d, i) => (
          <path key={i} d={d} fill="none" stroke="#4f46e5" strokeWidth="2.5" />
        ))}
        {measuredPath ? <path d={measuredPath} fill="none" stroke="#0f766e" strokeWidth="2" strokeDasharray="6 4" /> : null}
        {stages.map((s, i) => {
          const m = measured?.get(s.id);
          return m && m.score !== null ? (
            <rect key={`m${i}`} x={r1(x(i) - 4.5)} y={r1(y(m.score) - 4.5)} width="9" height="9" className={m.thin ? "ec-m ec-thin" : "ec-m"}>
              <title>{`Measured: ${measuredText(m)}`}</title>
            </rect>
          ) : null;
        })}
        {stages.map((s, i) =>
          s.emotionScore === null ? (
            <text key={`p${i}`} x={x(i)} y={y(0) + 4} className="ec-none">?</text>
          ) : (
            <circle key={`p${i}`} cx={x(i)} cy={y(s.emotionScore)} r="5" className={s.emotionScore < 0 ? "ec-neg" : "ec-pos"} />
          ),
        )}
        {stages.map((s, i) => (
          <text key={`l${i}`} x={x(i)} y={H - PAD.b + 18} className="ec-label">
            {/* A long name is cut here; the tooltip, the accessible name and the table give it whole. */}
            <title>{`${s.position}. ${s.name}`}</title>
            {shortLabel(s, i)}
          </text>
        ))}
      </svg>
      </div>
      <figcaption className="mt-2 text-xs text-slate-600">
        {`Red points are stages where the customer feels negative; “?” marks a stage without a score.${measured ? " Squares on the dashed line are measured from customers' scores in the last 90 days; a hollow square stands on fewer scores than the minimum sample." : ""}`}
        <EmotionTable
          measured={!!measured}
          rows={stages.map((s) => [
            `${s.position}. ${s.name}`,
            emotionText(s.emotionScore),
            ...(measured ? [measuredText(measured.get(s.id) ?? { score: null, sample: 0, thin: true })] : []),
          ])}
        />
      </figcaption>
    </figure>
  );
}
