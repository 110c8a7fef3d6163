"use client";

import { DndContext, KeyboardSensor, PointerSensor, closestCenter, useSensor, useSensors } from "@dnd-kit/core";
import { SortableContext, horizontalListSortingStrategy, sortableKeyboardCoordinates, useSortable } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import type { ReactNode } from "react";
import type { SortableBits } from "./journey-canvas";

export type SortableStagesProps = {
  ids: string[];
  disabled: boolean;
  nameOf: (id: string) => string;
  onMove: (activeId: string, overId: string) => void;
  renderItem: (id: string, sortable: SortableBits) => ReactNode;
};

/**
 * The canvas's columns made sortable by pointer and by keyboard (dnd-kit: Space picks a stage
 * up, the arrow keys move it, Space drops it, Escape cancels). Its own module, loaded after the
 * map is on screen and only for someone who may reorder: everyone else never downloads it.
 */
export default function SortableStages({ ids, disabled, nameOf, onMove, renderItem }: SortableStagesProps) {
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const place = (id: string) => ids.indexOf(id) + 1;
  return (
    <DndContext
      sensors={sensors}
      collisionDetection={closestCenter}
      onDragEnd={({ active, over }) => (over && active.id !== over.id ? onMove(String(active.id), String(over.id)) : undefined)}
      accessibility={{
        // Its instructions and live region go to the end of the page, not into the list of stages.
        container: document.body,
        screenReaderInstructions: { draggable: "To move a stage, press Space or Enter to pick it up, the left and right arrow keys to move it, Space or Enter again to drop it, or Escape to cancel." },
        announcements: {
          onDragStart: ({ active }) => `Picked up ${nameOf(String(active.id))}.`,
          onDragOver: ({ active, over }) => (over ? `${nameOf(String(active.id))} is over place ${place(String(over.id))} of ${ids.length}.` : undefined),
          onDragEnd: ({ active, over }) => (over ? `${nameOf(String(active.id))} dropped at place ${place(String(over.id))} of ${ids.length}.` : "Dropped where it was."),
          onDragCancel: ({ active }) => `Moving ${nameOf(String(active.id))} was cancelled; it stays where it was.`,
        },
      }}
    >
      <SortableContext items={ids} strategy={horizontalListSortingStrategy}>
        {ids.map((id) => (
          <SortableItem key={id} id={id} disabled={disabled} renderItem={renderItem} />
        ))}
      </SortableContext>
    </DndContext>
  );
}

function SortableItem({ id, disabled, renderItem }: { id: string; disabled: boolean; renderItem: SortableStagesProps["renderItem"] }) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id, disabled });
  return renderItem(id, {
    attachNode: setNodeRef,
    attachHandle: setActivatorNodeRef,
    handleProps: { ...attributes, ...listeners },
    transform: CSS.Translate.toString(transform),
    transition,
    isDragging,
  });
}
