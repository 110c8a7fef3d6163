"use client";

import Link from "next/link";
import type { CanvasStage } from "@/lib/journeys/canvas-model";
import { AssignOwnershipForm } from "./assign-ownership-form";
import type { CanvasProps, Editing } from "./journey-canvas";
import { StageMapForm } from "./stage-map-form";
import { EditStageForm } from "./stage-forms";

/** The map's side panel for one stage: its forms, loaded when a stage is first opened. */
export default function StagePanel({ stage, journeyId, editing, actions }: { stage: CanvasStage; journeyId: string; editing: Editing; actions: CanvasProps["actions"] }) {
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
