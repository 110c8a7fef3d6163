"use client";

import { DndContext, KeyboardSensor, PointerSensor, closestCenter, useSensor, useSensors, type DragEndEvent } from "@dnd-kit/core";
import { SortableContext, arrayMove, horizontalListSortingStrategy, sortableKeyboardCoordinates, useSortable } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import * as Dialog from "@radix-ui/react-dialog";
import { SidePanelContent } from "@/components/ui/side-panel";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition, type CSSProperties, type ReactNode } from "react";
import type { FormAction } from "@/components/forms/action-form";
import { GoalSummary } from "@/components/goals/goal-summary";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import type { CanvasStage } from "@/lib/journeys/canvas-model";
import { CANVAS, LANES, emotionY, measuredText, phaseRuns } from "@/lib/journeys/canvas-model";
import { plural } from "@/lib/format";
import { AssignOwnershipForm } from "./assign-ownership-form";
import { FLAG_LABELS, RACI_LETTER, emotionText } from "./labels";
import { StageMapForm } from "./stage-map-form";
import { EditStageForm } from "./stage-forms";

type Editing = {
  departments: { id: string; name: string }[];
  canAssign: boolean;
  canEdit: boolean;
};

type Props = {
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

const needsOwner = (s: CanvasStage) => s.flags.some((f) => f === "unowned" || f === "owner_inactive" || f === "department_archived");

/**
 * The journey left to right: one column per stage in the customer's order, one row per lane.
 * Columns are sortable by pointer and by keyboard (dnd-kit; Space picks a stage up, the arrow
 * keys move it, Space drops it, Escape cancels); a drop asks the server to place the stage with
 * the position this view showed, so a stale view is refused and the order snaps back.
 */
export function JourneyCanvas({ journeyId, stages, canReorder, editing, actions }: Props) {
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
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const byId = new Map(stages.map((s) => [s.id, s]));
  const ordered = order.map((id) => byId.get(id)).filter((s): s is CanvasStage => Boolean(s));
  const columns = ordered.length;

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    const moving = byId.get(String(active.id));
    const target = byId.get(String(over.id));
    if (!moving || !target) return;
    const from = order.indexOf(moving.id);
    const to = order.indexOf(target.id);
    const previous = order;
    setOrder(arrayMove(order, from, to));
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
        <DndContext
          sensors={sensors}
          collisionDetection={closestCenter}
          onDragEnd={onDragEnd}
          accessibility={{
            screenReaderInstructions: { draggable: "To move a stage, press Space or Enter to pick it up, the left and right arrow keys to move it, Space or Enter again to drop it, or Escape to cancel." },
            announcements: {
              onDragStart: ({ active }) => `Picked up ${byId.get(String(active.id))?.name ?? "stage"}.`,
              onDragOver: ({ active, over }) => (over ? `${byId.get(String(active.id))?.name ?? "Stage"} is over place ${order.indexOf(String(over.id)) + 1} of ${columns}.` : undefined),
              onDragEnd: ({ active, over }) => (over ? `${byId.get(String(active.id))?.name ?? "Stage"} dropped at place ${order.indexOf(String(over.id)) + 1} of ${columns}.` : "Dropped where it was."),
              onDragCancel: ({ active }) => `Moving ${byId.get(String(active.id))?.name ?? "the stage"} was cancelled; it stays where it was.`,
            },
          }}
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
            <SortableContext items={order} strategy={horizontalListSortingStrategy}>
              <ol className="contents" role="list" aria-label="Stages in the customer's order">
                {ordered.map((s, i) => (
                  <StageColumn
                    key={s.id}
                    stage={s}
                    index={i}
                    journeyId={journeyId}
                    phaseStart={runs.get(s.id) ?? null}
                    canReorder={canReorder && !pending}
                    onOpen={editing ? () => setOpen(s.id) : null}
                  />
                ))}
              </ol>
            </SortableContext>
          </div>
        </DndContext>
      </div>

      {editing ? (
        <Dialog.Root open={openStage !== null} onOpenChange={(o) => (o ? null : setOpen(null))}>
          {openStage ? (
            <SidePanelContent title={openStage.name} description={`Stage ${openStage.position}${openStage.phase ? ` · ${openStage.phase}` : ""}`}>
              <StagePanel stage={openStage} journeyId={journeyId} editing={editing} actions={actions} />
            </SidePanelContent>
          ) : null}
        </Dialog.Root>
      ) : null}
    </div>
  );
}

function StageColumn({
  stage: s,
  index,
  journeyId,
  phaseStart,
  canReorder,
  onOpen,
}: {
  stage: CanvasStage;
  index: number;
  journeyId: string;
  phaseStart: { label: string; span: number } | null;
  canReorder: boolean;
  onOpen: (() => void) | null;
}) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id: s.id, disabled: !canReorder });
  const style: CSSProperties = {
    gridColumn: index + 2,
    gridRow: "1 / -1",
    gridTemplateRows: "subgrid",
    transform: CSS.Translate.toString(transform),
    transition,
  };
  const flagged = needsOwner(s);
  const disputed = s.flags.includes("disputed");
  return (
    <li
      ref={setNodeRef}
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
              <Button type="button" size="sm" variant="secondary" onClick={onOpen} aria-label={`Edit ${s.name}`}>Edit</Button>
            ) : null}
            {canReorder ? (
              <button
                type="button"
                ref={setActivatorNodeRef}
                {...attributes}
                {...listeners}
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

function StagePanel({ stage, journeyId, editing, actions }: { stage: CanvasStage; journeyId: string; editing: Editing; actions: Props["actions"] }) {
  return (
    <div className="space-y-6">
      {editing.canEdit ? (
        <>
          <section aria-labelledby="panel-stage">
            <h3 id="panel-stage" className="mb-2 font-semibold">Stage</h3>
            <EditStageForm action={actions.updateStage} stage={stage} />
          </section>
          <section aria-labelledby="panel-map">
            <h3 id="panel-map" className="mb-2 font-semibold">Phase, touchpoints and channels</h3>
            <StageMapForm action={actions.updateMap} stage={stage} />
          </section>
        </>
      ) : null}
      {editing.canAssign ? (
        <section aria-labelledby="panel-owner">
          <h3 id="panel-owner" className="mb-2 font-semibold">Owner</h3>
          <AssignOwnershipForm
            action={actions.assign}
            stageId={stage.id}
            departments={editing.departments}
            people={[]}
            peopleOf={null}
            current={{
              departmentId: stage.accountable?.departmentId ?? null,
              personId: stage.accountable?.personId ?? null,
              raci: Object.fromEntries(stage.raci.filter((r) => r.raci !== "accountable").map((r) => [r.departmentId, r.raci as "responsible" | "consulted" | "informed"])),
            }}
          />
        </section>
      ) : null}
      <p className="text-sm">
        <Link href={`/journeys/${journeyId}/stages/${stage.id}`} className="text-brand-700 underline">Open the stage page</Link> for its goals, handoffs and history.
      </p>
    </div>
  );
}
