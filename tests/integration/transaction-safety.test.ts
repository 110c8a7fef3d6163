import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getDb, resultRows } from "@/db/client";
import { departments, users } from "@/db/schema";
import { DatabaseInsideTransactionError } from "@/db/tx-scope";
import { AuditPayloadError } from "@/lib/audit/payloads";
import { recordAudit } from "@/lib/audit/record";
import { inTransaction } from "@/lib/tx";
import { createUser } from "@/lib/users/commands";
import type * as UserSnapshot from "@/lib/users/snapshot";
import { expectNoWrites } from "../helpers/audit";
import { useTestDatabase } from "../helpers/db";
import { makeCast } from "../helpers/factories";

// Lets one test make the user snapshot misspell a key, as a careless edit of a command would.
const typo = vi.hoisted(() => ({ on: false }));
vi.mock("@/lib/users/snapshot", async (importOriginal) => {
  const original = await importOriginal<typeof UserSnapshot>();
  return {
    userSnapshot: (u: Parameters<typeof original.userSnapshot>[0]) => {
      const { departmentId, ...rest } = original.userSnapshot(u);
      return typo.on ? { ...rest, departmnetId: departmentId } : { ...rest, departmentId };
    },
  };
});

const db = useTestDatabase();
let cast: Awaited<ReturnType<typeof makeCast>>;
beforeAll(async () => {
  cast = await makeCast(db());
});

/** Settles `p`, or answers "still waiting" after `ms`: a hang fails the test instead of stalling it. */
async function settle(p: Promise<unknown>, ms = 10_000): Promise<{ error: unknown } | { value: unknown } | "still waiting"> {
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<"still waiting">((r) => (timer = setTimeout(() => r("still waiting"), ms)));
  try {
    return await Promise.race([p.then((value) => ({ value }), (error: unknown) => ({ error })), waited]);
  } finally {
    clearTimeout(timer);
  }
}

describe("nothing inside a transaction reaches for the process-wide database", () => {
  it("getDb() inside inTransaction throws at once (on PGlite it would wait forever), and the transaction rolls back", async () => {
    const name = `Dept ${crypto.randomUUID()}`;
    const outcome = await settle(
      inTransaction(async (tx) => {
        await tx.insert(departments).values({ name });
        // Without the guard: waits forever on PGlite, runs outside the transaction on PostgreSQL.
        await (await getDb()).select().from(departments);
      }),
    );
    expect(outcome).toEqual({ error: expect.any(DatabaseInsideTransactionError) });
    expect((outcome as { error: Error }).error.message).toMatch(/inside an open transaction: use the transaction \(tx\)/);
    expect(await db().select().from(departments).where(eq(departments.name, name))).toEqual([]);
  });

  it("so does a nested inTransaction, and a transaction opened on the database directly", async () => {
    expect(await settle(inTransaction(() => inTransaction(async () => 1)))).toEqual({ error: expect.any(DatabaseInsideTransactionError) });
    expect(await settle(db().transaction(() => getDb()))).toEqual({ error: expect.any(DatabaseInsideTransactionError) });
  });

  it("the transaction itself still works, and getDb() works again once it has ended", async () => {
    const inside = await inTransaction(async (tx) => resultRows<{ n: number }>(await tx.execute(sql`select 1 as n`))[0]!.n);
    expect(inside).toBe(1);
    expect(await getDb()).toBe(db());
    // Work started inside a transaction but run after it ended (a timer, say) may use getDb().
    const { later } = await inTransaction(async () => ({ later: new Promise((r) => setTimeout(() => r(getDb()), 20)) }));
    expect(await later).toBe(db());
  });
});

describe("audit payloads are strict", () => {
  it("a misspelled key fails the event and rolls back the change it records", async () => {
    const name = `Dept ${crypto.randomUUID()}`;
    const outcome = await expectNoWrites(db(), () =>
      settle(
        inTransaction(async (tx) => {
          const [dep] = await tx.insert(departments).values({ name }).returning();
          await recordAudit(tx, { actorId: null, action: "department.created", entityType: "department", entityId: dep!.id, after: { name, headUserId: null, archivd: false } });
        }),
      ),
    );
    expect(outcome).toEqual({ error: expect.any(AuditPayloadError) });
    expect((outcome as { error: Error }).error.message).toMatch(/department\.created: "after" does not match/);
  });

  it("a command whose snapshot misspells a key writes nothing at all", async () => {
    const email = `typo-${crypto.randomUUID()}@example.test`;
    const input = { email, name: "Ty Po", role: "member" as const, departmentId: cast.dept.id, setup: "invite" as const };
    typo.on = true;
    try {
      const outcome = await expectNoWrites(db(), () => settle(createUser({ actor: cast.actors.admin, input })));
      expect(outcome).toEqual({ error: expect.any(AuditPayloadError) });
    } finally {
      typo.on = false;
    }
    expect(await db().select().from(users).where(eq(users.email, email))).toEqual([]);
    // The same command with the snapshot spelled right goes through.
    await createUser({ actor: cast.actors.admin, input });
    expect(await db().select({ email: users.email }).from(users).where(eq(users.email, email))).toEqual([{ email }]);
  });
});
