import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openPglite, openPostgres, type Db, type DbHandle } from "@/db/client";
import { migrationsFolder } from "@/db/migrate";
import { stages } from "@/db/schema";
import { parseAuditPayloads } from "@/lib/audit/payloads";
import type { Actor } from "@/lib/auth/current-user";
import { pgConstraint, pgErrorCode } from "@/lib/errors";
import { addStage, archiveStage, updateStage } from "@/lib/journeys/commands";
import { rows, useTestDatabase } from "../helpers/db";
import { makeCast } from "../helpers/factories";
import { expectRefused, makeJourney } from "../helpers/ownership-fixtures";

// Two live stages of one journey never share a name, whatever the case: the commands refuse
// with a field error on `name`, and the partial unique index stages_name_live_uq refuses a
// direct insert. Migration 0012, which adds the index, first renames existing duplicates, and
// converts decisions.effect from text to jsonb; both are checked on a database holding data.

vi.mock("@/lib/auth/config", () => ({ auth: vi.fn(async () => null) }));

const db = useTestDatabase();
let cco: Actor;
beforeAll(async () => {
  cco = (await makeCast(db())).actors.cco;
});

const NAME_TAKEN = { name: ["Another stage of this journey already has this name."] };
const stageInput = (journeyId: string, name: string) => ({ journeyId, name, customerGoal: "", emotionScore: null });

async function failing(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (e) {
    return e;
  }
  throw new Error("expected the statement to fail, but it succeeded");
}

describe("stage names are unique among a journey's live stages", () => {
  it("adding or renaming a stage to a name the journey already uses is refused with a field error", async () => {
    const { journeyId, stageIds } = await makeJourney(cco, 2);
    const e1 = await expectRefused(db(), () => addStage({ actor: cco, input: stageInput(journeyId, "Stage 1") }), "conflict");
    expect(e1.fieldErrors).toEqual(NAME_TAKEN);
    const e2 = await expectRefused(db(), () => addStage({ actor: cco, input: stageInput(journeyId, "sTAGE 2") }), "conflict");
    expect(e2.fieldErrors).toEqual(NAME_TAKEN);
    const e3 = await expectRefused(db(), () => updateStage({ actor: cco, input: { stageId: stageIds[1]!, name: "STAGE 1", customerGoal: "", emotionScore: null } }), "conflict");
    expect(e3.fieldErrors).toEqual(NAME_TAKEN);
    // Keeping its own name (in another case) is not a clash.
    await updateStage({ actor: cco, input: { stageId: stageIds[1]!, name: "stage 2", customerGoal: "Now described", emotionScore: null } });
    // Another journey may use the name; so may a stage added after the first one is archived.
    const other = await makeJourney(cco, 1);
    expect(other.stageIds).toHaveLength(1);
    await archiveStage({ actor: cco, stageId: stageIds[0]! });
    await addStage({ actor: cco, input: stageInput(journeyId, "Stage 1") });
  });

  it("the database refuses a duplicate inserted directly, past the commands", async () => {
    const { journeyId } = await makeJourney(cco, 1);
    const e = await failing(() => db().insert(stages).values({ journeyId, position: 2, name: "STAGE 1" }));
    expect(pgErrorCode(e)).toBe("23505");
    expect(pgConstraint(e)).toBe("stages_name_live_uq");
    await db().insert(stages).values({ journeyId, position: 0, name: "Stage 1", archived: true });
  });
});

// ── Migration 0012 on a database that already holds data ───────────────────────────────

/** A copy of the migrations folder whose journal stops before `tag`. */
function migrationsBefore(tag: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tl-mig-"));
  fs.cpSync(migrationsFolder, dir, { recursive: true });
  const journalPath = path.join(dir, "meta", "_journal.json");
  const journal = JSON.parse(fs.readFileSync(journalPath, "utf8")) as { entries: { tag: string }[] };
  journal.entries = journal.entries.slice(0, journal.entries.findIndex((e) => e.tag === tag));
  fs.writeFileSync(journalPath, JSON.stringify(journal));
  return dir;
}

type Staged = { db: Db; migrate: (folder: string) => Promise<void>; close: () => Promise<void> };

async function openUnmigrated(): Promise<Staged> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) {
    const handle: DbHandle = await openPglite();
    return { db: handle.db, migrate: (folder) => migratePglite(handle.db as never, { migrationsFolder: folder }), close: handle.close };
  }
  const name = `tl_mig_${crypto.randomBytes(6).toString("hex")}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const handle = openPostgres(url.toString(), 2);
  return {
    db: handle.db,
    migrate: async (folder) => {
      const client = postgres(url.toString(), { max: 1, onnotice: () => {} });
      await migratePostgres(drizzle({ client }), { migrationsFolder: folder });
      await client.end();
    },
    close: async () => {
      await handle.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

describe("migration 0012 on existing data", () => {
  let staged: Staged;
  afterAll(async () => staged?.close());

  it("renames duplicate live stage names (auditing each rename) and converts text effects to jsonb", async () => {
    staged = await openUnmigrated();
    const before = migrationsBefore("0012_decisions_stage_names");
    await staged.migrate(before);
    fs.rmSync(before, { recursive: true, force: true });
    const x = staged.db;
    const id = () => crypto.randomUUID();
    const [u, dA, dB, dC, j1, j2, s1, s2, s3, s4, s5, s6, s7] = Array.from({ length: 13 }, id) as [string, string, string, string, string, string, string, string, string, string, string, string, string];
    await x.execute(sql`insert into users (id, email, name, role) values (${u}, ${`cco-${u}@example.test`}, 'The CCO', 'cco')`);
    await x.execute(sql`insert into departments (id, name) values (${dA}, 'Alpha'), (${dB}, 'Beta'), (${dC}, 'Gamma')`);
    await x.execute(sql`insert into journeys (id, name, status) values (${j1}, 'Buy online', 'active'), (${j2}, 'Get help', 'active')`);
    await x.execute(sql`insert into stages (id, journey_id, position, name, archived) values
      (${s1}, ${j1}, 1, 'Pay', false), (${s2}, ${j1}, 2, 'pay', false), (${s3}, ${j1}, 3, 'Pay (2)', false),
      (${s4}, ${j1}, 4, 'PAY', false), (${s5}, ${j1}, 0, 'Pay', true), (${s6}, ${j2}, 1, 'Pay', false), (${s7}, ${j2}, 2, 'Wait', false)`);
    // Before 0012, a decision that moved ownership stored JSON text naming the new owner only;
    // the stage's R/C/I rows current right after it are its complete result.
    const [p1, p2, p3, p4] = Array.from({ length: 4 }, id) as [string, string, string, string];
    const [c1, c2, c3, c4] = Array.from({ length: 4 }, id) as [string, string, string, string];
    for (const pid of [p1, p2, p3, p4]) {
      await x.execute(sql`insert into disputes (id, kind, stage_id, title, description, raised_by_id, status, opened_at, due_by, reviewer_id, closed_at)
        values (${pid}, 'ownership', ${s6}, 'Who owns Pay', 'x', ${u}, 'decided', '2024-01-01T00:00:00Z', '2024-01-11T00:00:00Z', ${u}, '2024-01-05T12:00:00Z')`);
    }
    const legacy = JSON.stringify({ type: "assign_ownership", stageId: s6, departmentId: dA, personId: u });
    await x.execute(sql`insert into decisions (id, dispute_id, outcome, rationale, effect, effect_summary, decided_by_id, decided_at) values
      (${c1}, ${p1}, 'Alpha owns it', 'r', ${legacy}, 'Stage assigned to Alpha', ${u}, '2024-01-05T12:00:00Z'),
      (${c2}, ${p2}, 'No change', 'r', null, null, ${u}, '2024-01-05T12:00:00Z'),
      (${c3}, ${p3}, 'Garbled', 'r', 'not json {', null, ${u}, '2024-01-05T12:00:00Z'),
      (${c4}, ${p4}, 'Odd ids', 'r', ${JSON.stringify({ type: "assign_ownership", stageId: "nope", departmentId: dA, personId: u })}, null, ${u}, '2024-01-05T12:00:00Z')`);
    await x.execute(sql`insert into ownership_assignments (stage_id, department_id, person_id, raci, valid_from, valid_to, source, decision_id) values
      (${s6}, ${dB}, ${u}, 'accountable', '2024-01-01T00:00:00Z', '2024-01-05T12:00:00Z', 'assigned', null),
      (${s6}, ${dA}, ${u}, 'accountable', '2024-01-05T12:00:00Z', null, 'decided', ${c1}),
      (${s6}, ${dC}, null, 'informed', '2024-01-01T00:00:00Z', null, 'assigned', null),
      (${s6}, ${dB}, null, 'consulted', '2024-02-01T00:00:00Z', null, 'assigned', null)`);

    await staged.migrate(migrationsFolder);

    const names = await rows<{ id: string; name: string }>(x, sql`select id, name from stages order by position, archived`);
    const nameOf = (sid: string) => names.find((n) => n.id === sid)!.name;
    expect([nameOf(s1), nameOf(s2), nameOf(s3), nameOf(s4), nameOf(s5)]).toEqual(["Pay", "pay (3)", "Pay (2)", "PAY (4)", "Pay"]);
    expect([nameOf(s6), nameOf(s7)]).toEqual(["Pay", "Wait"]);
    const renames = await rows<{ entityId: string; before: unknown; after: unknown; actorId: string | null; action: string }>(
      x,
      sql`select entity_id as "entityId", before, after, actor_id as "actorId", action from audit_events where entity_type = 'stage' order by id`,
    );
    // Each rename records the stage's whole snapshot, as the strict payload of "stage.updated" requires.
    const snap = (position: number, name: string) => ({ journeyId: j1, name, customerGoal: "", emotionScore: null, position, archived: false, ownership: [] });
    expect(renames).toEqual([
      { entityId: s2, before: snap(2, "pay"), after: snap(2, "pay (3)"), actorId: null, action: "stage.updated" },
      { entityId: s4, before: snap(4, "PAY"), after: snap(4, "PAY (4)"), actorId: null, action: "stage.updated" },
    ]);
    for (const r of renames) expect(() => parseAuditPayloads({ action: "stage.updated", entityType: "stage", before: r.before, after: r.after })).not.toThrow();
    const dup = await failing(() => x.execute(sql`insert into stages (journey_id, position, name) values (${j2}, 3, 'WAIT')`));
    expect(pgConstraint(dup)).toBe("stages_name_live_uq");

    const effects = await rows<{ id: string; effect: unknown; type: string }>(x, sql`select id, effect, pg_typeof(effect)::text as type from decisions`);
    const effectOf = (cid: string) => effects.find((e) => e.id === cid)!.effect;
    expect(effects.every((e) => e.type === "jsonb")).toBe(true);
    expect(effectOf(c1)).toEqual({ type: "set_raci", stageId: s6, accountable: { departmentId: dA, personId: u }, responsible: [], consulted: [], informed: [dC], legacy: "assign_ownership" });
    expect(effectOf(c2)).toBeNull();
    expect(effectOf(c3)).toEqual({ type: "unparsed", text: "not json {" });
    expect(effectOf(c4)).toEqual({ type: "assign_ownership", stageId: "nope", departmentId: dA, personId: u });
    // Still immutable after the conversion.
    const change = await failing(() => x.execute(sql`update decisions set effect = null where id = ${c1}`));
    expect(pgErrorCode(change)).toBe("42501");
    expect((await x.select().from(stages).where(eq(stages.id, s7)))[0]!.name).toBe("Wait");
  });
});
