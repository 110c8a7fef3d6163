"use server";

import { authedAction } from "@/lib/actions";
import { addStage, archiveJourney, archiveStage, createJourney, moveStage, placeStage, updateJourney, updateStage, updateStageMap } from "@/lib/journeys/commands";
import {
  addStageSchema,
  archiveJourneySchema,
  archiveStageSchema,
  createFromTemplateSchema,
  createJourneySchema,
  duplicateJourneySchema,
  journeyImportSchema,
  moveStageSchema,
  placeStageSchema,
  stageMapSchema,
  updateJourneySchema,
  updateStageSchema,
} from "@/lib/journeys/schemas";
import { createJourneyFromTemplate, duplicateJourney } from "@/lib/journeys/copy";
import { importJourneys, previewJourneyImport } from "@/lib/journeys/structure-import";
import { assignOwnership, cancelHandoff, claimStage, proposeHandoff, respondToHandoff } from "@/lib/ownership/commands";
import { assignOwnershipSchema, cancelHandoffSchema, claimStageSchema, proposeHandoffSchema, respondHandoffSchema } from "@/lib/ownership/schemas";

export const createJourneyAction = authedAction(createJourneySchema, "journeys.manage", (input, actor) => createJourney({ actor, input }), {
  message: "Journey created.",
});
export const updateJourneyAction = authedAction(updateJourneySchema, "journeys.manage", (input, actor) => updateJourney({ actor, input }), {
  message: "Journey saved.",
});
export const archiveJourneyAction = authedAction(archiveJourneySchema, "journeys.manage", (input, actor) => archiveJourney({ actor, ...input }), {
  message: "Journey archived.",
});
export const addStageAction = authedAction(addStageSchema, "journeys.manage", (input, actor) => addStage({ actor, input }), {
  message: "Stage added at the end of the journey.",
});
export const updateStageAction = authedAction(updateStageSchema, "journeys.manage", (input, actor) => updateStage({ actor, input }), {
  message: "Stage saved.",
});
export const moveStageAction = authedAction(moveStageSchema, "journeys.manage", (input, actor) => moveStage({ actor, ...input }));
export const placeStageAction = authedAction(placeStageSchema, "journeys.manage", (input, actor) => placeStage({ actor, ...input }));
export const updateStageMapAction = authedAction(stageMapSchema, "journeys.manage", (input, actor) => updateStageMap({ actor, input }), {
  message: "Stage details saved.",
});
export const archiveStageAction = authedAction(archiveStageSchema, "journeys.manage", (input, actor) => archiveStage({ actor, ...input }), {
  message: "Stage archived.",
});
export const assignOwnershipAction = authedAction(assignOwnershipSchema, "ownership.assign", (input, actor) => assignOwnership({ actor, input }), {
  message: "Ownership saved.",
});
export const claimStageAction = authedAction(claimStageSchema, "stages.claim", (input, actor) => claimStage({ actor, ...input }), {
  message: (d) => `Claimed for ${d.departmentName}.`,
});
export const proposeHandoffAction = authedAction(proposeHandoffSchema, "handoffs.manage", (input, actor) => proposeHandoff({ actor, input }), {
  message: (d) => (d.status === "accepted" ? "Handoff forced through: ownership has moved." : "Handoff offered. The receiving head has been notified."),
});
export const respondHandoffAction = authedAction(respondHandoffSchema, "handoffs.manage", (input, actor) => respondToHandoff({ actor, ...input }), {
  message: (d) => (d.status === "accepted" ? "Handoff accepted: your department now owns this stage." : "Handoff declined."),
});
export const cancelHandoffAction = authedAction(cancelHandoffSchema, "handoffs.manage", (input, actor) => cancelHandoff({ actor, ...input }), {
  message: "Handoff cancelled.",
});

export const createFromTemplateAction = authedAction(createFromTemplateSchema, "journeys.manage", (input, actor) => createJourneyFromTemplate({ actor, input }), {
  message: "Journey created from the template.",
});
export const duplicateJourneyAction = authedAction(duplicateJourneySchema, "journeys.manage", (input, actor) => duplicateJourney({ actor, input }), {
  message: "Journey duplicated.",
});
export const importJourneysAction = authedAction(journeyImportSchema, "journeys.manage", async (input, actor) =>
  input.mode === "preview"
    ? { mode: "preview" as const, preview: await previewJourneyImport({ actor, text: input.csv }) }
    : { mode: "import" as const, ...(await importJourneys({ actor, text: input.csv, fileName: input.fileName })) },
);
