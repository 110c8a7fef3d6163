// The CSV exports. Each checks the caller's capability before anything is read, then streams
// every matching row in keyset batches (see ./csv and ../keyset): nothing is cut short and
// nothing is held in memory but the batch being written.
export { checkInsCsv, goalExportFilterSchema, goalsCsv } from "./goals";
export { auditCsv } from "./audit";
export { decisionsCsv } from "./decisions";
export { ownershipCsv, ownershipExportSchema, dayEndsAt } from "./ownership";
export { raciCsv } from "./raci";
export { exportResponse } from "./respond";
export { journeyStructureCsv } from "./journey-structure";
