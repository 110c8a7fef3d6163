import { z } from "zod";
import { auditFilterSchema } from "@/lib/audit/queries";
import { decisionLogFilterSchema, disputeListFilterSchema, raiseDisputeSchema } from "@/lib/disputes/schemas";
import { goalFilterSchema } from "@/lib/goals/queries";
import { recordCheckInSchema } from "@/lib/goals/schemas";
import { MAX_BATCH, signalBatchSchema, fromNotAfterTo, signalListFilterShape, signalSchema, signalsBodySchema } from "@/lib/signals/schemas";
import { assignOwnershipSchema, claimStageSchema } from "@/lib/ownership/schemas";
import type { Capability } from "@/lib/permissions";
import { userFilterSchema } from "@/lib/users/schemas";
import { listQuery } from "./cursor";

// Every operation of REST API v1 in one list: its path, the capability of lib/permissions it
// needs (checked with tokenMay), whether it writes, and the zod schemas of its path, query and
// body — the same schemas the UI's forms and filters use. The route handlers under app/api/v1
// run these operations (lib/api/route.ts), and the OpenAPI document is generated from this list
// (lib/api/openapi.ts), so the document cannot describe an API other than the one that runs.

export type ApiOperation<P extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType> = {
  id: string;
  method: "GET" | "POST";
  /** OpenAPI path under /api/v1, with {params}. */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  capability: Capability;
  write: boolean;
  params?: P;
  query?: Q;
  body?: B;
  /** A valid body, shown in the document and checked against `body` by a test. */
  example?: unknown;
  /** What `data` holds, for the document. */
  response: z.ZodType;
  status?: 200 | 201;
  /** The thing a malformed path id names ("That journey"). */
  notFound?: string;
  /** The largest body this operation reads, when not the API's default (lib/api/route.ts). */
  bodyLimit?: number;
  /** Validates the body instead of `body` (which then only describes it): one that picks a schema by shape. */
  bodyParser?: z.ZodType;
  /** Honours an Idempotency-Key header (documented as a header parameter). */
  idempotent?: boolean;
};

/**
 * A UI filter schema, as the API reads it: the same fields and rules, without the `.catch` that
 * lets a page ignore a bad filter in its address. An API caller gets a 400 naming the filter.
 */
type Uncaught<S extends z.ZodRawShape> = { [K in keyof S]: S[K] extends z.ZodCatch<infer T> ? T : S[K] };
function strictFilters<S extends z.ZodRawShape>(schema: z.ZodObject<S>): Uncaught<S> {
  const out: Record<string, z.ZodType> = {};
  for (const [key, field] of Object.entries(schema.shape)) out[key] = field instanceof z.ZodCatch ? (field.unwrap() as z.ZodType) : (field as z.ZodType);
  return out as unknown as Uncaught<S>;
}

const op = <P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(o: ApiOperation<P, Q, B>) => o;

const id = (what: string) => z.uuid(`That ${what} does not exist.`);
const row = z.record(z.string(), z.unknown());
const list = (item: z.ZodType = row) =>
  z.object({ data: z.array(item), total: z.number().int().describe("Rows matching the filters, on every page."), nextCursor: z.string().nullable().describe("Pass as `cursor` for the next page; null on the last.") });
const paged = <S extends z.ZodRawShape>(shape: S) => z.object({ ...shape, ...listQuery });

const EXAMPLE_ID = "3f6c1a52-9d0e-4c43-8a53-6e2f0b9d1c7e";
const EXAMPLE_DEPT = "7b1e4d8a-2c3f-4a5b-9e6d-0f1a2b3c4d5e";
const EXAMPLE_PERSON = "c4d5e6f7-0a1b-4c2d-8e3f-9a0b1c2d3e4f";

export const OPERATIONS = {
  listJourneys: op({
    id: "listJourneys", method: "GET", path: "/journeys", tag: "Journeys", capability: "app.view", write: false,
    summary: "List journeys",
    query: paged({ includeArchived: z.enum(["true", "false"]).optional().describe("Include archived journeys (default false).") }),
    response: list(),
  }),
  getJourney: op({
    id: "getJourney", method: "GET", path: "/journeys/{journeyId}", tag: "Journeys", capability: "app.view", write: false,
    summary: "A journey's board: its stages in order, each with its accountable owner and current R/C/I",
    params: z.object({ journeyId: id("journey") }), notFound: "That journey",
    query: z.object({ asOf: z.string().max(10).optional().describe("YYYY-MM-DD: the board as it stood at the end of that day.") }),
    response: row,
  }),
  getStage: op({
    id: "getStage", method: "GET", path: "/stages/{stageId}", tag: "Stages", capability: "app.view", write: false,
    summary: "A stage with its current RACI and its handoffs",
    params: z.object({ stageId: id("stage") }), notFound: "That stage",
    response: row,
  }),
  listOwnershipHistory: op({
    id: "listOwnershipHistory", method: "GET", path: "/stages/{stageId}/ownership-history", tag: "Stages", capability: "app.view", write: false,
    summary: "A stage's ownership history: every RACI assignment with valid-from/to, how and why",
    params: z.object({ stageId: id("stage") }), notFound: "That stage",
    query: paged({}),
    response: list(),
  }),
  claimStage: op({
    id: "claimStage", method: "POST", path: "/ownership/claims", tag: "Ownership", capability: "stages.claim", write: true,
    summary: "Claim an unowned stage for your department (department heads; the same rules as the board)",
    body: claimStageSchema, example: { stageId: EXAMPLE_ID, reason: "Support already answers these calls." },
    response: row, status: 201,
  }),
  assignOwnership: op({
    id: "assignOwnership", method: "POST", path: "/ownership/assignments", tag: "Ownership", capability: "ownership.assign", write: true,
    summary: "Assign a stage's accountable department and person and its R/C/I (the CCO)",
    body: assignOwnershipSchema,
    example: { stageId: EXAMPLE_ID, departmentId: EXAMPLE_DEPT, personId: EXAMPLE_PERSON, responsible: [], consulted: [], informed: [], reason: "Re-organisation of the support desk." },
    response: row, status: 201,
  }),
  listGoals: op({
    id: "listGoals", method: "GET", path: "/goals", tag: "Goals", capability: "app.view", write: false,
    summary: "List goals with their health (filters as on the goals page)",
    query: z.object({ ...strictFilters(goalFilterSchema), ...listQuery }),
    response: list(),
  }),
  getGoal: op({
    id: "getGoal", method: "GET", path: "/goals/{goalId}", tag: "Goals", capability: "app.view", write: false,
    summary: "A goal with its health and SMART check",
    params: z.object({ goalId: id("goal") }), notFound: "That goal",
    response: row,
  }),
  listCheckIns: op({
    id: "listCheckIns", method: "GET", path: "/goals/{goalId}/check-ins", tag: "Goals", capability: "app.view", write: false,
    summary: "A goal's check-ins, latest measurement first",
    params: z.object({ goalId: id("goal") }), notFound: "That goal",
    query: paged({}),
    response: list(),
  }),
  recordCheckIn: op({
    id: "recordCheckIn", method: "POST", path: "/check-ins", tag: "Goals", capability: "checkins.record", write: true,
    summary: "Record a check-in on a goal of your department",
    body: recordCheckInSchema, example: { goalId: EXAMPLE_ID, value: "42.5", confidence: "high", note: "From the weekly survey export.", measuredOn: "2026-12-01" },
    response: z.object({ checkInId: z.uuid() }), status: 201,
  }),
  listDisputes: op({
    id: "listDisputes", method: "GET", path: "/disputes", tag: "Disputes", capability: "app.view", write: false,
    summary: "List disputes (filters as on the disputes page)",
    query: z.object({ ...strictFilters(disputeListFilterSchema), ...listQuery }),
    response: list(),
  }),
  getDispute: op({
    id: "getDispute", method: "GET", path: "/disputes/{disputeId}", tag: "Disputes", capability: "app.view", write: false,
    summary: "A dispute with its parties' statements, discussion and decision",
    params: z.object({ disputeId: id("dispute") }), notFound: "That dispute",
    response: row,
  }),
  raiseDispute: op({
    id: "raiseDispute", method: "POST", path: "/disputes", tag: "Disputes", capability: "disputes.raise", write: true,
    summary: "Raise a dispute",
    body: raiseDisputeSchema,
    example: { kind: "ownership", stageId: EXAMPLE_ID, handoffId: null, title: "Who owns onboarding calls?", description: "Sales and Support both claim the first onboarding call.", partyDepartmentIds: [EXAMPLE_DEPT] },
    response: z.object({ disputeId: z.uuid() }), status: 201,
  }),
  listDecisions: op({
    id: "listDecisions", method: "GET", path: "/decisions", tag: "Decisions", capability: "app.view", write: false,
    summary: "The decision log (filters as on the decisions page)",
    query: z.object({ ...strictFilters(decisionLogFilterSchema), ...listQuery }),
    response: list(),
  }),
  recordSignals: op({
    id: "recordSignals", method: "POST", path: "/signals", tag: "Customer signals", capability: "signals.record", write: true,
    summary: `Record one customer signal, or a batch of up to ${MAX_BATCH} ({"signals": [...]}) all or nothing`,
    description:
      "A signal belongs to a live stage. `receivedAt` is an ISO 8601 time with its offset (one without is read in the company's time zone) and may not be in the future. " +
      "A score comes with its scale (CSAT 1–5, NPS 0–10, CES 1–7); a score at or below the scale's threshold (settings) opens a follow-up for the stage's owner. " +
      "A batch names a bad signal's fields by index (`signals.3.score`) and records nothing. " +
      "Send an `Idempotency-Key` header (any text up to 200 characters, new for each new request) to retry safely: a retry with the same key and body answers the first response " +
      "(with `Idempotent-Replayed: true`) and records nothing again; the same key with a different body is refused with 409. Keys are kept for 7 days, per token. " +
      "The body may be up to 8 MB.",
    body: z.union([signalBatchSchema, signalSchema]),
    bodyParser: signalsBodySchema,
    bodyLimit: 8 * 1024 * 1024,
    idempotent: true,
    example: { signals: [{ stageId: EXAMPLE_ID, source: "survey", receivedAt: "2026-12-01T09:30:00Z", scale: "csat", score: 2, comment: "The parcel came two days late.", customerRef: "cust-1042", channel: "email", tags: ["late"] }] },
    response: z.union([
      z.object({ recorded: z.number().int(), signalIds: z.array(z.uuid()), followUpsOpened: z.number().int() }).describe("For a batch."),
      z.object({ signalId: z.uuid(), followUpId: z.uuid().nullable() }).describe("For one signal."),
    ]),
    status: 201,
  }),
  listSignals: op({
    id: "listSignals", method: "GET", path: "/signals", tag: "Customer signals", capability: "app.view", write: false,
    summary: "List customer signals, newest received first (a removed comment reads null, with when and why it was removed); the cursor is the last row's key, so pages never shift",
    query: z.object({ ...signalListFilterShape, ...listQuery }).refine(...fromNotAfterTo),
    response: list(),
  }),
  listUsers: op({
    id: "listUsers", method: "GET", path: "/users", tag: "Users", capability: "users.manage", write: false,
    summary: "List users (admins, or a service token with the users.manage scope)",
    query: z.object({ ...strictFilters(userFilterSchema), ...listQuery }),
    response: list(),
  }),
  listAuditEvents: op({
    id: "listAuditEvents", method: "GET", path: "/audit-events", tag: "Audit log", capability: "audit.read", write: false,
    summary: "The audit log, newest first, each event as a sentence with its changes (filters as on the audit page)",
    query: z.object({ ...strictFilters(auditFilterSchema), ...listQuery }),
    response: list(),
  }),
} as const;

export type OperationId = keyof typeof OPERATIONS;
