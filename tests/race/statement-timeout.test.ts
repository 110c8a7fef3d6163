import { eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordCheckInAction } from "@/app/(app)/goals/actions";
import { POST as recordCheckInRoute } from "@/app/api/v1/check-ins/route";
import { openPostgres, useDatabase, type DbHandle } from "@/db/client";
import { checkIns } from "@/db/schema";
import { createPersonalToken } from "@/lib/api-tokens/commands";
import type { Actor } from "@/lib/auth/current-user";
import { createGoal } from "@/lib/goals/commands";
import { createObjective } from "@/lib/goals/objectives";
import { assignOwnership } from "@/lib/ownership/commands";
import { todayIn } from "@/lib/time";
import { DATABASE_TIMEOUT_DIGEST, DATABASE_TIMEOUT_MESSAGE, DATABASE_TIMEOUT_SAVE_MESSAGE, answerUnavailable, isDatabaseUnavailable } from "@/lib/unavailable";
import { auditMark, auditSince } from "../helpers/audit";
import { currentTestDatabase, testDatabaseUrl, usingPostgres, useTestDatabase } from "../helpers/db";
import { makeCast } from "../helpers/factories";
import { assignInput, makeHeadedDepartment, makeJourney, uniq } from "../helpers/ownership-fixtures";
import { signInAs } from "../helpers/session";

// A statement the database stops for running past DATABASE_STATEMENT_TIMEOUT_MS (57014) is not
// a bug: the person hears that it took too long and that nothing was changed, the API answers 503
// with Retry-After, a page says so; never a 500 or "something went wrong". PGlite has no statement
// timeout, so this runs on PostgreSQL only, with a real one: a check-in waiting behind another
// transaction's lock on its goal.
beforeAll(() => {
  if (!usingPostgres) throw new Error("The race suite needs PostgreSQL: set TEST_DATABASE_URL (see vitest.config.ts, project \"race\").");
});

const db = useTestDatabase();
// Long enough that the reads around the locked one (session, token, rate count, commit) never
// reach it on a busy machine; the lock is held until the request has answered.
const TIMEOUT_MS = 1_500;
let cco: Actor;
let goalId: string;
let secret: string;
// The app's database for these tests: the same one, on connections with a short statement timeout.
let short: DbHandle;
let holder: postgres.Sql;

beforeAll(async () => {
  cco = (await makeCast(db())).actors.cco;
  const dep = await makeHeadedDepartment(db(), `Timeout ${uniq()}`);
  const { stageIds } = await makeJourney(cco, 1);
  await assignOwnership({ actor: cco, input: assignInput(stageIds[0]!, dep) });
  const { objectiveId } = (await createObjective({ actor: cco, input: { title: `Aim ${uniq()}`, description: "", periodStart: "2024-01-01", periodEnd: "2035-01-01" } }))!;
  const day = (n: number) => todayIn("UTC", new Date(Date.now() + n * 86_400_000));
  ({ goalId } = await createGoal({
    actor: cco,
    input: { stageId: stageIds[0]!, activate: true, title: `Goal ${uniq()}`, description: "Customers wait less.", metricName: "Served in 5 min", metricUnit: "%", baseline: "0", target: "100", direction: "increase", startDate: day(-10), dueDate: day(10), ownerId: dep.head.id, objectiveId, budget: "0", people: "1", resourcesNote: "" },
  }));
  ({ secret } = await createPersonalToken({ actor: cco, input: { name: `Timeout ${uniq()}`, readOnly: false, expiresIn: "30" } }));
  short = openPostgres(testDatabaseUrl()!, 4, { statementTimeoutMs: TIMEOUT_MS });
  useDatabase(short);
  holder = postgres(testDatabaseUrl()!, { max: 1, onnotice: () => {} });
});

afterAll(async () => {
  useDatabase(currentTestDatabase());
  await short?.close();
  await holder?.end();
});

const input = (value: string) => ({ goalId, value, confidence: "medium" as const, note: "", measuredOn: todayIn("UTC") });
const apiCheckIn = (value: string) =>
  recordCheckInRoute(
    new Request("http://throughline.test/api/v1/check-ins", { method: "POST", headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" }, body: JSON.stringify(input(value)) }),
    { params: Promise.resolve({}) },
  );
const checkInsOfGoal = async () => (await db().select({ id: checkIns.id }).from(checkIns).where(eq(checkIns.goalId, goalId))).length;

/** Runs `work` while another transaction holds the goal's row lock, then lets it go. */
async function whileGoalLocked<T>(work: () => Promise<T>): Promise<T> {
  let result: T | undefined;
  await holder.begin(async (tx) => {
    await tx`select id from goals where id = ${goalId} for update`;
    result = await work();
  });
  return result as T;
}

describe("a statement the database stopped for running too long", () => {
  it("answers a server action that it took too long, and writes nothing", async () => {
    signInAs(cco);
    const before = await checkInsOfGoal();
    const mark = await auditMark(db());
    const started = performance.now();
    const result = await whileGoalLocked(() => recordCheckInAction(null, input("12")));
    expect(result).toEqual({ ok: false, code: "unavailable", error: DATABASE_TIMEOUT_SAVE_MESSAGE, fieldErrors: {} });
    // It waited the timeout, not the lock's whole hold.
    expect(performance.now() - started).toBeGreaterThanOrEqual(TIMEOUT_MS);
    expect(await checkInsOfGoal()).toBe(before);
    expect(await auditSince(db(), mark)).toEqual([]);
    // The lock gone, the same check-in goes through.
    expect(await recordCheckInAction(null, input("12"))).toMatchObject({ ok: true });
    expect(await checkInsOfGoal()).toBe(before + 1);
  });

  it("answers the API 503 with Retry-After and says why, and writes nothing", async () => {
    const before = await checkInsOfGoal();
    const mark = await auditMark(db());
    const res = await whileGoalLocked(() => apiCheckIn("13"));
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(await res.json()).toMatchObject({ status: 503, code: "unavailable", detail: DATABASE_TIMEOUT_MESSAGE, errors: {} });
    expect(await checkInsOfGoal()).toBe(before);
    expect(await auditSince(db(), mark)).toEqual([]);
    expect((await apiCheckIn("13")).status).toBe(201);
  });

  it("gives a page's failed read the digest the error page explains, and a route handler 503", async () => {
    const error = await short.db.execute(sql`select pg_sleep(5)`).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ digest: DATABASE_TIMEOUT_DIGEST });
    expect(isDatabaseUnavailable(error)).toBe(false);
    const res = await answerUnavailable(async () => {
      await short.db.execute(sql`select pg_sleep(5)`);
      return new Response("never");
    })();
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    expect(await res.json()).toEqual({ error: DATABASE_TIMEOUT_MESSAGE, code: "unavailable" });
  });
});
