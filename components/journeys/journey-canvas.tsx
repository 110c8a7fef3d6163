"use client";

import dynamic from "next/dynamic";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition, type ComponentType, type CSSProperties, type HTMLAttributes, type ReactNode } from "react";
import type { FormAction } from "@/components/forms/action-form";
import { GoalSummary } from "@/components/goals/goal-summary";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { LazySidePanel } from "@/components/ui/side-panel";
import type { CanvasStage } from "@/lib/journeys/canvas-model";
import type { SortableStagesProps } from "./journey-canvas-dnd";
import { CANVAS, LANES, emotionY, measuredText, phaseRuns } from "@/lib/journeys/canvas-model";
import { plural } from "@/lib/format";
import { FLAG_LABELS, RACI_LETTER, emotionText } from "./labels";

export type Editing = {
  departments: { id: string; name: string }[];
  canAssign: boolean;
  canEdit: boolean;
};

export type CanvasProps = {
  journeyId: string;
  stages: CanvasStage[];
  /** Whether the caller may reorder (the CCO, on a journey that is not archived). */
  canReorder: boolean;
  editing: Editing | null;
  actions: {
    place: FormAction<void>;
    updateMap: FormAction<void>;
    updateStage: FormAction<void>;
    assign: FormAction<{ stageId: string }>;
  };
};

// The panel's forms come with the panel, when a stage is first opened, not with the map.
const StagePanel = dynamic(() => import("./stage-panel"), { ssr: false, loading: () => <p role="status" className="text-sm text-slate-600">Loading the stage's forms…</p> });

/** What dnd-kit gives one sortable column (journey-canvas-dnd.tsx). */
export type SortableBits = {
  attachNode: (el: HTMLElement | null) => void;
  attachHandle: (el: HTMLElement | null) => void;
  handleProps: HTMLAttributes<HTMLElement>;
  transform: string | undefined;
  transition: string | undefined;
  isDragging: boolean;
};

const NOT_SORTABLE: SortableBits = { attachNode: () => {}, attachHandle: () => {}, handleProps: {}, transform: undefined, transition: undefined, isDragging: false };

type SortableStagesType = ComponentType<SortableStagesProps>;

/** Moves one item of a list from one index to another. */
const moveItem = <T,>(list: T[], from: number, to: number): T[] => {
  const out = [...list];
  const [item] = out.splice(from, 1);
  out.splice(to, 0, item!);
  return out;
};

const needsOwner = (s: CanvasStage) => s.flags.some((f) => f === "unowned" || f === "owner_inactive" || f === "department_archived");

/**
 * The journey left to right: one column per stage in the customer's order, one row per lane.
 * Columns are sortable by pointer and by keyboard (dnd-kit; Space picks a stage up, the arrow
 * keys move it, Space drops it, Escape cancels); a drop asks the server to place the stage with
 * the position this view showed, so a stale view is refused and the order snaps back.
 */
export function JourneyCanvas({ journeyId, stages, canReorder, editing, actions }: CanvasProps) {
  const router = useRouter();
  const [order, setOrder] = useState(() => stages.map((s) => s.id));
  const [seen, setSeen] = useState(stages);
  if (seen !== stages) {
    // A fresh render from the server is the truth: take its order.
    setSeen(stages);
    setOrder(stages.map((s) => s.id));
  }
  const [error, setError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const [pending, startTransition] = useTransition();
  const [open, setOpen] = useState<string | null>(null);
  // Drag and drop comes after the map is on screen, and only to whoever may reorder.
  const [Sortable, setSortable] = useState<SortableStagesType | null>(null);
  useEffect(() => {
    if (!canReorder || Sortable) return;
    let live = true;
    void import("./journey-canvas-dnd").then((m) => {
      if (live) setSortable(() => m.default);
    });
    return () => {
      live = false;
    };
  }, [canReorder, Sortable]);
  const byId = new Map(stages.map((s) => [s.id, s]));
  const ordered = order.map((id) => byId.get(id)).filter((s): s is CanvasStage => Boolean(s));
  const columns = ordered.length;

  const onMove = (activeId: string, overId: string) => {
    const moving = byId.get(activeId);
    const target = byId.get(overId);
    if (!moving || !target) return;
    const from = order.indexOf(moving.id);
    const to = order.indexOf(target.id);
    const previous = order;
    setOrder(moveItem(order, from, to));
    setError(null);
    const form = new FormData();
    form.set("stageId", moving.id);
    form.set("expectedPosition", String(moving.position));
    form.set("toPosition", String(target.position));
    startTransition(async () => {
      try {
        const result = await actions.place(null, form);
        if (result.ok) {
          setAnnouncement(`${moving.name} is now stage ${target.position} of ${columns}.`);
          router.refresh();
        } else {
          setOrder(previous);
          setError(result.error);
        }
      } catch {
        setOrder(previous);
        setError("The server could not be reached, so the order was not saved. Check your connection and try again.");
      }
    });
  };

  const openStage = open ? byId.get(open) ?? null : null;
  const column = (id: string, sortable: SortableBits | null) => {
    const s = byId.get(id)!;
    return (
      <StageColumn
        key={s.id}
        stage={s}
        index={order.indexOf(s.id)}
        journeyId={journeyId}
        phaseStart={runs.get(s.id) ?? null}
        sortable={sortable}
        onOpen={editing ? () => setOpen(s.id) : null}
      />
    );
  };
  const runs = phaseRuns(ordered);
  const gridStyle: CSSProperties = {
    gridTemplateColumns: `${CANVAS.laneTitleWidth}px repeat(${columns}, ${CANVAS.columnWidth}px)`,
    gridTemplateRows: `auto auto repeat(${LANES.length}, auto)`,
  };

  return (
    <div>
      <p aria-live="polite" className="sr-only">{announcement}</p>
      {error ? <Alert tone="error" className="mb-3">{error}</Alert> : null}
      {pending ? <p role="status" className="mb-2 text-sm text-slate-600">Saving the new order…</p> : null}
      <div
        className="journey-canvas relative overflow-x-auto rounded-lg border border-slate-200 bg-white print:overflow-visible print:border-0"
        role="region"
        aria-label={`Journey canvas: ${plural(columns, "stage")} left to right (scrolls sideways)`}
        tabIndex={0}
        data-testid="journey-canvas"
      >
          <div className="grid w-max" style={gridStyle}>
            {/* Lane titles stay in view while the stages scroll under them. */}
            <div aria-hidden className="sticky left-0 z-30 row-span-full grid border-r border-slate-200 bg-slate-50" style={{ gridRow: "1 / -1", gridTemplateRows: "subgrid" }}>
              <div className="px-3 py-2 text-xs font-semibold uppercase tracking-wide text-slate-500">Phase</div>
              <div className="px-3 py-2 text-xs font-semibold uppercase tracking-wide text-slate-500">Stage</div>
              {LANES.map((lane) => (
                <div key={lane.key} className="border-t border-slate-200 px-3 py-2 text-sm font-medium text-slate-700">{lane.title}</div>
              ))}
            </div>
            {/* One curve across the columns: the CCO's judged emotion and the measured one. */}
            <EmotionOverlay stages={ordered} />
            <ol className="contents" role="list" aria-label="Stages in the customer's order">
              {canReorder && Sortable ? (
                <Sortable ids={order} disabled={pending} nameOf={(id) => byId.get(id)?.name ?? "Stage"} onMove={onMove} renderItem={(id, sortable) => column(id, sortable)} />
              ) : (
                ordered.map((s) => column(s.id, null))
              )}
            </ol>
          </div>
      </div>

      {editing ? (
        openStage ? (
          <LazySidePanel
            open
            onOpenChange={(o) => (o ? null : setOpen(null))}
            returnFocus={() => document.querySelector<HTMLElement>(`[data-edit-stage="${openStage.id}"]`)?.focus()}
            title={openStage.name}
            description={`Stage ${openStage.position}${openStage.phase ? ` · ${openStage.phase}` : ""}`}
          >
            <StagePanel stage={openStage} journeyId={journeyId} editing={editing} actions={actions} />
          </LazySidePanel>
        ) : null
      ) : null}
    </div>
  );
}

function StageColumn({
  stage: s,
  index,
  journeyId,
  phaseStart,
  sortable,
  onOpen,
}: {
  stage: CanvasStage;
  index: number;
  journeyId: string;
  phaseStart: { label: string; span: number } | null;
  /** Present once drag and drop has loaded, for whoever may reorder. */
  sortable: SortableBits | null;
  onOpen: (() => void) | null;
}) {
  const { attachNode, attachHandle, handleProps, transform, transition, isDragging } = sortable ?? NOT_SORTABLE;
  const style: CSSProperties = { gridColumn: index + 2, gridRow: "1 / -1", gridTemplateRows: "subgrid", transform, transition };
  const flagged = needsOwner(s);
  const disputed = s.flags.includes("disputed");
  return (
    <li
      ref={attachNode}
      style={style}
      role="listitem"
      aria-labelledby={`canvas-stage-${s.id}`}
      data-testid="canvas-stage"
      data-stage-name={s.name}
      className={`relative grid border-l border-slate-200 ${isDragging ? "z-40 bg-brand-50 shadow-lg" : "bg-white"} ${flagged ? "outline-2 -outline-offset-2 outline-dashed outline-red-500" : ""}`}
    >
      <div className={`px-3 py-2 text-xs font-semibold ${s.phase ? "bg-brand-50 text-brand-800" : "text-slate-400"}`}>
        {phaseStart ? <span>{phaseStart.label}</span> : s.phase ? <span className="sr-only">Phase: {s.phase}</span> : <span className="sr-only">No phase</span>}
        {phaseStart && s.phase ? <span className="sr-only"> (phase)</span> : null}
      </div>
      <div className="flex items-start gap-2 px-3 py-2">
        <span aria-hidden className="flex h-7 w-7 shrink-0 items-center justify-center rounded-full bg-brand-100 text-sm font-semibold text-brand-800">{s.position}</span>
        <div className="min-w-0 flex-1">
          <h3 id={`canvas-stage-${s.id}`} className="break-words font-semibold leading-tight">
            <span className="sr-only">Stage {s.position}: </span>
            <Link href={`/journeys/${journeyId}/stages/${s.id}`} className="text-brand-700 hover:underline">{s.name}</Link>
          </h3>
          <div className="mt-1 flex flex-wrap gap-1 print:hidden">
            {onOpen ? (
              <Button type="button" size="sm" variant="secondary" onClick={onOpen} aria-label={`Edit ${s.name}`} data-edit-stage={s.id}>Edit</Button>
            ) : null}
            {sortable ? (
              <button
                type="button"
                ref={attachHandle}
                {...handleProps}
                aria-label={`Move ${s.name} (stage ${s.position} of the journey)`}
                aria-roledescription="sortable stage"
                className="cursor-grab touch-none rounded-md border border-slate-300 px-2 py-1 text-sm text-slate-700 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-brand-600 active:cursor-grabbing"
              >
                <span aria-hidden>⠿</span> Move
              </button>
            ) : null}
          </div>
        </div>
      </div>
      <Lane title="What the customer is trying to do">
        {s.customerGoal ? <p className="text-sm text-slate-700">{s.customerGoal}</p> : <p className="text-sm text-slate-400">Not described</p>}
      </Lane>
      <Lane title="Owner">
        {s.accountable ? (
          <p className="text-sm">
            <span className="font-medium">{s.accountable.departmentName}</span>
            {s.accountable.personName ? <span className="text-slate-600"> · {s.accountable.personName}</span> : null}
          </p>
        ) : null}
        {flagged ? (
          <p className="text-sm font-semibold text-red-800"><span aria-hidden>⚠ </span>{FLAG_LABELS[s.flags.find((f) => f !== "handoff_pending" && f !== "disputed")!].text}</p>
        ) : null}
        {s.raci.length ? (
          <ul className="mt-1 space-y-0.5 text-xs text-slate-600">
            {s.raci.map((r) => (
              <li key={r.departmentId}><abbr title={r.raci} className="no-underline font-semibold">{RACI_LETTER[r.raci]}</abbr> {r.departmentName}</li>
            ))}
          </ul>
        ) : null}
        {s.pendingHandoffTo ? <p className="mt-1"><Badge tone="amber">Handoff pending to {s.pendingHandoffTo}</Badge></p> : null}
      </Lane>
      <Lane title="Goal health">
        <GoalSummary summary={s.goals} />
      </Lane>
      <Lane title="Emotion" className="h-36 items-end">
        <p className="relative z-20 mt-auto rounded bg-white/85 text-xs text-slate-700">
          <span className="block">Judged: {emotionText(s.emotionScore)}</span>
          <span className="block">Measured: {measuredText(s.measured)}</span>
        </p>
      </Lane>
      <Lane title="Follow-ups and disputes">
        <div className="flex flex-wrap gap-1">
          {s.work.openFollowUps ? <Badge tone={s.work.overdueFollowUps ? "red" : "amber"}>{plural(s.work.openFollowUps, "open follow-up")}{s.work.overdueFollowUps ? `, ${s.work.overdueFollowUps} overdue` : ""}</Badge> : null}
          {disputed ? <Badge tone="amber"><span aria-hidden>⚑ </span>Disputed</Badge> : null}
          {!s.work.openFollowUps && !disputed ? <span className="text-xs text-slate-500">Nothing open</span> : null}
        </div>
      </Lane>
      <Lane title="Touchpoints and channels">
        {s.touchpoints.length || s.channels.length ? (
          <div className="space-y-1 text-xs">
            {s.touchpoints.length ? <p><span className="font-medium">Touchpoints:</span> {s.touchpoints.join(", ")}</p> : null}
            {s.channels.length ? <p><span className="font-medium">Channels:</span> {s.channels.join(", ")}</p> : null}
          </div>
        ) : (
          <p className="text-xs text-slate-400">None listed</p>
        )}
      </Lane>
    </li>
  );
}

function Lane({ title, children, className }: { title: string; children: ReactNode; className?: string }) {
  return (
    <div className={`flex flex-col border-t border-slate-200 px-3 py-2 ${className ?? ""}`}>
      <span className="sr-only">{title}: </span>
      {children}
    </div>
  );
}

/** The judged (solid) and measured (dashed) curves across the emotion lane of every column. */
function EmotionOverlay({ stages }: { stages: CanvasStage[] }) {
  const lane = LANES.findIndex((l) => l.key === "emotion");
  const w = CANVAS.columnWidth;
  const h = CANVAS.emotionHeight;
  const x = (i: number) => i * w + w / 2;
  const path = (value: (s: CanvasStage) => number | null) => {
    let d = "";
    let drawing = false;
    stages.forEach((s, i) => {
      const v = value(s);
      if (v === null) drawing = false;
      else {
        d += `${drawing ? "L" : "M"}${x(i)},${emotionY(v, h)}`;
        drawing = true;
      }
    });
    return d;
  };
  return (
    <div aria-hidden className="pointer-events-none relative z-10" style={{ gridColumn: "2 / -1", gridRow: lane + 3 }}>
      <svg width={stages.length * w} height={h} className="absolute left-0 top-0">
        <line x1={0} x2={stages.length * w} y1={emotionY(0, h)} y2={emotionY(0, h)} stroke="#cbd5e1" strokeDasharray="3 3" />
        <path d={path((s) => s.emotionScore)} fill="none" stroke="#4f46e5" strokeWidth={2.5} />
        <path d={path((s) => (s.measured.score === null ? null : s.measured.score))} fill="none" stroke="#0f766e" strokeWidth={2} strokeDasharray="6 4" />
        {stages.map((s, i) => (
          <g key={s.id}>
            {s.emotionScore !== null ? <circle cx={x(i)} cy={emotionY(s.emotionScore, h)} r={5} fill={s.emotionScore < 0 ? "#dc2626" : "#4f46e5"} /> : null}
            {s.measured.score !== null ? (
              <rect x={x(i) - 4} y={emotionY(s.measured.score, h) - 4} width={8} height={8} fill={s.measured.thin ? "#fff" : "#0f766e"} stroke="#0f766e" strokeWidth={1.5} />
            ) : null}
          </g>
        ))}
      </svg>
    </div>
  );
}
