import crypto from "node:crypto";
import { and, eq, inArray, isNotNull, lt, sql } from "drizzle-orm";
import { resultRows, type Tx } from "@/db/client";
import { apiIdempotencyKeys, customerSignals, journeys, stages } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { personOf, type Actor } from "@/lib/auth/current-user";
import { conflict, forbidden, invalid, notFound, type FieldErrors } from "@/lib/errors";
import { openFollowUps, openFollowUpsForNegativeSignals } from "@/lib/follow-ups/open";
import { can } from "@/lib/permissions";
import { getSettings } from "@/lib/settings";
import { instantAt } from "@/lib/time";
import { inTransaction } from "@/lib/tx";
import { FUTURE_SKEW_MS, type FlagSignalInput, type ReceivedAt, type RedactSignalInput, type SignalBatchInput, type SignalInput } from "./schemas";

const INVALID = "Please correct the highlighted fields.";

/** The instant a signal was received: as sent with an offset, or read in the company's zone. */
export function resolveReceivedAt(r: ReceivedAt, timeZone: string): Date {
  return r.instant ?? instantAt(r.date, r.hour, r.minute, r.second, timeZone);
}

type Prepared = { values: typeof customerSignals.$inferInsert; input: SignalInput };

/**
 * Checks what only the database and the clock can tell (the stage exists and is live, the time is
 * not in the future) for every signal, naming each problem by its field (`prefix` + field, e.g.
 * "signals.3.stageId"), and returns the rows to insert. Nothing is written when any is wrong.
 */
async function prepare(tx: Tx, actor: Actor, inputs: SignalInput[], timeZone: string, prefix: (i: number) => string): Promise<Prepared[]> {
  const stageIds = [...new Set(inputs.map((s) => s.stageId))];
  const found = await tx
    .select({ id: stages.id, archived: stages.archived, journeyStatus: journeys.status, name: stages.name })
    .from(stages)
    .innerJoin(journeys, eq(journeys.id, stages.journeyId))
    .where(inArray(stages.id, stageIds));
  const byId = new Map(found.map((s) => [s.id, s]));
  const errors: FieldErrors = {};
  const add = (key: string, message: string) => (errors[key] ??= []).push(message);
  const latest = Date.now() + FUTURE_SKEW_MS;
  const prepared = inputs.map((input, i) => {
    const stage = byId.get(input.stageId);
    // Archived stages and journeys take no new signals: nobody owns or acts on them any more.
    // Draft journeys do (a journey being mapped may already be measured).
    if (!stage) add(`${prefix(i)}stageId`, "That stage does not exist.");
    else if (stage.archived) add(`${prefix(i)}stageId`, `The stage ${stage.name} is archived; record the signal on a live stage.`);
    else if (stage.journeyStatus === "archived") add(`${prefix(i)}stageId`, `The journey of ${stage.name} is archived; record the signal on a live journey.`);
    const receivedAt = resolveReceivedAt(input.receivedAt, timeZone);
    if (receivedAt.getTime() > latest) add(`${prefix(i)}receivedAt`, "When it was received is in the future; a signal is recorded after it arrives.");
    return {
      input,
      values: {
        stageId: input.stageId,
        source: input.source,
        receivedAt,
        scale: input.scale,
        score: input.score,
        comment: input.comment,
        customerRef: input.customerRef,
        channel: input.channel,
        tags: input.tags,
        createdById: personOf(actor),
      },
    };
  });
  if (Object.keys(errors).length) throw invalid(INVALID, errors);
  return prepared;
}

async function insertSignals(tx: Tx, actor: Actor, prepared: Prepared[]) {
  // One statement for the batch: the aggregates' statement-level trigger then runs once.
  const rows = await tx
    .insert(customerSignals)
    .values(prepared.map((p) => p.values))
    .returning({ id: customerSignals.id, stageId: customerSignals.stageId, scale: customerSignals.scale, score: customerSignals.score });
  const opened = await openFollowUpsForNegativeSignals(tx, rows, personOf(actor));
  return { rows, opened };
}

/**
 * The intake every way in shares (form, API batch, CSV import): checks the signals against the
 * stages and the clock, inserts them in one statement and opens a follow-up for each negative
 * one by the thresholds in settings, in the caller's transaction. The caller writes the audit.
 */
export async function recordSignalsWithin(tx: Tx, actor: Actor, inputs: SignalInput[], timeZone: string, prefix: (i: number) => string) {
  const prepared = await prepare(tx, actor, inputs, timeZone, prefix);
  const { rows, opened } = await insertSignals(tx, actor, prepared);
  return { prepared, rows, opened };
}

export function mayRecord(actor: Actor) {
  if (!can(actor.role, "signals.record")) throw forbidden("Only the CCO, department heads and members record customer signals.");
}

/** Records one signal; a negative score opens a follow-up for the stage's owner in the same step. */
export async function recordSignal({ actor, input }: { actor: Actor; input: SignalInput }): Promise<{ signalId: string; followUpId: string | null }> {
  mayRecord(actor);
  // Read before the transaction: on PGlite a query outside an open transaction waits for it.
  const { timeZone } = await getSettings();
  return inTransaction(async (tx) => {
    const prepared = await prepare(tx, actor, [input], timeZone, () => "");
    const { rows, opened } = await insertSignals(tx, actor, prepared);
    const row = rows[0]!;
    const followUpId = opened[0]?.id ?? null;
    const v = prepared[0]!.values;
    await recordAudit(tx, {
      actorId: personOf(actor),
      action: "signal.recorded",
      entityType: "signal",
      entityId: row.id,
      after: {
        stageId: v.stageId,
        source: v.source,
        receivedAt: (v.receivedAt as Date).toISOString(),
        scale: v.scale ?? null,
        score: row.score,
        hasComment: v.comment != null,
        channel: v.channel ?? "",
        tags: v.tags ?? [],
        followUpId,
      },
    });
    return { signalId: row.id, followUpId };
  });
}

export type BatchResult = { recorded: number; signalIds: string[]; followUpsOpened: number };

/** An API write's Idempotency-Key, scoped to its token, with the hash of the request it came with. */
export type IdempotencyClaim = { tokenId: string; key: string; operation: string; requestHash: string };
export const requestHash = (operation: string, body: unknown) => crypto.createHash("sha256").update(`${operation}\n${JSON.stringify(body ?? null)}`).digest("hex");

/**
 * Claims an Idempotency-Key at the start of the write's transaction. The row is inserted first,
 * so a concurrent request with the same key waits on the primary key until this transaction
 * ends: then it finds the answer stored (or, if this one rolled back, claims the key itself).
 * Returns the stored answer of an earlier request with the same key, or null when claimed now.
 */
export async function claimIdempotencyKey(tx: Tx, claim: IdempotencyClaim): Promise<{ status: number; response: unknown } | null> {
  const inserted = await tx
    .insert(apiIdempotencyKeys)
    .values({ tokenId: claim.tokenId, key: claim.key, operation: claim.operation, requestHash: claim.requestHash, status: 0, response: sql`'null'::jsonb` })
    .onConflictDoNothing()
    .returning({ key: apiIdempotencyKeys.key });
  if (inserted.length) return null;
  const [earlier] = await tx.select().from(apiIdempotencyKeys).where(and(eq(apiIdempotencyKeys.tokenId, claim.tokenId), eq(apiIdempotencyKeys.key, claim.key)));
  if (!earlier) throw conflict("Another request with this Idempotency-Key was being handled at the same moment; send it again.");
  if (earlier.operation !== claim.operation || earlier.requestHash !== claim.requestHash) {
    throw conflict("This Idempotency-Key was already used with a different request. Use a new key for a new request; send the same body to retry.", {
      "Idempotency-Key": ["Already used with a different request."],
    });
  }
  return { status: earlier.status, response: earlier.response };
}

async function storeIdempotentAnswer(tx: Tx, claim: IdempotencyClaim, status: number, response: unknown) {
  await tx
    .update(apiIdempotencyKeys)
    .set({ status, response })
    .where(and(eq(apiIdempotencyKeys.tokenId, claim.tokenId), eq(apiIdempotencyKeys.key, claim.key)));
}

export type Idempotent<T> = { replayed: boolean; status: number; data: T };

async function idempotently<T>(tx: Tx, claim: IdempotencyClaim | undefined, status: number, work: () => Promise<T>): Promise<Idempotent<T>> {
  if (claim) {
    const earlier = await claimIdempotencyKey(tx, claim);
    if (earlier) return { replayed: true, status: earlier.status, data: earlier.response as T };
  }
  const data = await work();
  if (claim) await storeIdempotentAnswer(tx, claim, status, data);
  return { replayed: false, status, data };
}

/** One signal through the API: as recordSignal, under an optional Idempotency-Key. */
export async function recordSignalIdempotently({ actor, input, idempotency }: { actor: Actor; input: SignalInput; idempotency?: IdempotencyClaim }) {
  if (!idempotency) return { replayed: false, status: 201, data: await recordSignal({ actor, input }) };
  mayRecord(actor);
  const { timeZone } = await getSettings();
  return inTransaction((tx) =>
    idempotently(tx, idempotency, 201, async () => {
      const prepared = await prepare(tx, actor, [input], timeZone, () => "");
      const { rows, opened } = await insertSignals(tx, actor, prepared);
      const v = prepared[0]!.values;
      const followUpId = opened[0]?.id ?? null;
      await recordAudit(tx, {
        actorId: personOf(actor),
        action: "signal.recorded",
        entityType: "signal",
        entityId: rows[0]!.id,
        after: { stageId: v.stageId, source: v.source, receivedAt: (v.receivedAt as Date).toISOString(), scale: v.scale ?? null, score: rows[0]!.score, hasComment: v.comment != null, channel: v.channel ?? "", tags: v.tags ?? [], followUpId },
      });
      return { signalId: rows[0]!.id, followUpId };
    }),
  );
}

/**
 * Records up to 1,000 signals all or nothing, with one summarising audit event (not one per
 * signal) and a follow-up for each negative one. Under an Idempotency-Key a retry of the same
 * request answers the first result and records nothing again.
 */
export async function recordSignalBatch({ actor, input, idempotency }: { actor: Actor; input: SignalBatchInput; idempotency?: IdempotencyClaim }): Promise<Idempotent<BatchResult>> {
  mayRecord(actor);
  const { timeZone } = await getSettings();
  return inTransaction((tx) =>
    idempotently(tx, idempotency, 201, async () => {
      const { prepared, rows, opened } = await recordSignalsWithin(tx, actor, input.signals, timeZone, (i) => `signals.${i}.`);
      const scored = { csat: 0, nps: 0, ces: 0, unscored: 0 };
      for (const r of rows) scored[r.scale ?? "unscored"]++;
      await recordAudit(tx, {
        actorId: personOf(actor),
        action: "signal.batch_recorded",
        entityType: "signal",
        entityId: null,
        after: {
          count: rows.length,
          stageIds: [...new Set(rows.map((r) => r.stageId))],
          ...scored,
          withComment: prepared.filter((p) => p.values.comment != null).length,
          followUpsOpened: opened.length,
          idempotencyKey: idempotency?.key ?? null,
        },
      });
      return { recorded: rows.length, signalIds: rows.map((r) => r.id), followUpsOpened: opened.length };
    }),
  );
}

async function lockSignal(tx: Tx, signalId: string) {
  const [signal] = await tx
    .select({ id: customerSignals.id, stageId: customerSignals.stageId, comment: customerSignals.comment, commentRemovedAt: customerSignals.commentRemovedAt })
    .from(customerSignals)
    .where(eq(customerSignals.id, signalId))
    .for("update");
  if (!signal) throw notFound("That signal");
  return signal;
}

/**
 * Flags a signal for action: opens a 'flagged' follow-up for the stage's owner with the note.
 * A signal has at most one follow-up; one already opened (by its score or an earlier flag) is
 * where to act, so a second flag is refused and says so.
 */
export async function flagSignal({ actor, input }: { actor: Actor; input: FlagSignalInput }): Promise<{ followUpId: string }> {
  if (!can(actor.role, "signals.record")) throw forbidden("Only the CCO, department heads and members flag customer signals.");
  return inTransaction(async (tx) => {
    const signal = await lockSignal(tx, input.signalId);
    const [opened] = await openFollowUps(tx, [{ id: signal.id, stageId: signal.stageId }], { reason: "flagged", actorId: personOf(actor), note: input.note });
    if (!opened) throw conflict("This signal already has a follow-up; act on it there.");
    await recordAudit(tx, { actorId: personOf(actor), action: "signal.flagged", entityType: "signal", entityId: signal.id, after: { stageId: signal.stageId, followUpId: opened.id, note: input.note } });
    return { followUpId: opened.id };
  });
}

/**
 * Removes a signal's comment for good (personal data): the text is set to null, who, when and
 * why are kept, and the audit event records the reason but never the text. The score stays.
 */
export async function redactSignalComment({ actor, input }: { actor: Actor; input: RedactSignalInput }): Promise<void> {
  if (!can(actor.role, "signals.redact")) throw forbidden("Only the CCO and admins remove a signal's comment.");
  await inTransaction(async (tx) => {
    const signal = await lockSignal(tx, input.signalId);
    if (signal.comment === null) throw conflict(signal.commentRemovedAt ? "This signal's comment was already removed." : "This signal has no comment to remove.");
    await tx
      .update(customerSignals)
      .set({ comment: null, commentRemovedAt: sql`now()`, commentRemovedById: actor.id, commentRemovedReason: input.reason })
      .where(eq(customerSignals.id, signal.id));
    await recordAudit(tx, {
      actorId: personOf(actor),
      action: "signal.comment_redacted",
      entityType: "signal",
      entityId: signal.id,
      before: { stageId: signal.stageId, hasComment: true },
      after: { stageId: signal.stageId, hasComment: false, reason: input.reason },
    });
  });
}

/** The reason the retention job writes on the comments it removes. */
export const RETENTION_REASON = "retention";
const RETENTION_CHUNK = 5000;

/**
 * The retention job: removes the comments of signals received more than
 * settings.signal_retention_months ago (scores, tags and the rest stay), in chunks so a first
 * run over a large backlog holds no long lock, with one audit event per run that removed any.
 * Safe to run twice: a removed comment is no longer a candidate.
 */
export async function runSignalRetention(): Promise<{ removed: number }> {
  const { signalRetentionMonths: months } = await getSettings();
  if (months === null) return { removed: 0 };
  let removed = 0;
  for (;;) {
    const n = await inTransaction(async (tx) => {
      const [row] = resultRows<{ before: string | Date }>(await tx.execute(sql`select (now() - make_interval(months => ${months}))::timestamptz as before`));
      const cutoff = new Date(row!.before);
      const chunk = tx
        .select({ id: customerSignals.id })
        .from(customerSignals)
        .where(and(isNotNull(customerSignals.comment), lt(customerSignals.receivedAt, cutoff)))
        .limit(RETENTION_CHUNK);
      const done = await tx
        .update(customerSignals)
        .set({ comment: null, commentRemovedAt: sql`now()`, commentRemovedById: null, commentRemovedReason: RETENTION_REASON })
        .where(inArray(customerSignals.id, chunk))
        .returning({ id: customerSignals.id });
      // Audited with the removal it records: one event per chunk (one per run, unless a backlog).
      if (done.length) {
        await recordAudit(tx, { actorId: null, action: "signal.comments_expired", entityType: "signal", entityId: null, after: { count: done.length, retentionMonths: months, receivedBefore: cutoff.toISOString() } });
      }
      return done.length;
    });
    removed += n;
    if (n < RETENTION_CHUNK) break;
  }
  return { removed };
}

/** API idempotency keys are kept this long; a retry after that is a new request. */
export const IDEMPOTENCY_KEY_DAYS = 7;

export async function pruneIdempotencyKeys(): Promise<{ pruned: number }> {
  return inTransaction(async (tx) => {
    const gone = await tx
      .delete(apiIdempotencyKeys)
      .where(lt(apiIdempotencyKeys.createdAt, sql`now() - make_interval(days => ${IDEMPOTENCY_KEY_DAYS})`))
      .returning({ key: apiIdempotencyKeys.key });
    return { pruned: gone.length };
  });
}
