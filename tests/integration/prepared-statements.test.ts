import { eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPostgres, type DbHandle } from "@/db/client";
import { departments } from "@/db/schema";
import { rows, testDatabaseUrl, useTestDatabase, usingPostgres } from "../helpers/db";

// db/client.ts prepares drizzle's queries on PostgreSQL (one round trip instead of two from a
// statement's second use on), and plans every execution for its own values.
const getDb = useTestDatabase();

const manyIds = Array.from({ length: 40 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`);

describe("queries with parameters", () => {
  it("answer the same in and out of a transaction, with few parameters or many", async () => {
    const db = getDb();
    const [dep] = await db.insert(departments).values({ name: "Prepared" }).returning();
    for (let i = 0; i < 3; i++) {
      expect((await db.select().from(departments).where(eq(departments.id, dep!.id)))[0]?.name).toBe("Prepared");
      expect(await db.select().from(departments).where(inArray(departments.id, [dep!.id, ...manyIds]))).toHaveLength(1);
      await db.transaction(async (tx) => {
        expect((await tx.select().from(departments).where(eq(departments.id, dep!.id)))[0]?.name).toBe("Prepared");
        await tx.transaction(async (inner) => {
          expect(await inner.select().from(departments).where(inArray(departments.id, [dep!.id, ...manyIds]))).toHaveLength(1);
        });
      });
    }
  });
});

if (usingPostgres) {
  describe("on PostgreSQL", () => {
    // One connection, so what it prepared can be listed through it.
    let one: DbHandle;
    beforeAll(() => {
      one = openPostgres(testDatabaseUrl()!, 1);
    });
    afterAll(() => one.close());

    const prepared = async (like: string) =>
      (await rows<{ statement: string }>(one.db, sql`select statement from pg_prepared_statements`)).filter((r) => r.statement.includes(like));

    it("prepares a query with a few parameters, outside and inside transactions, once per connection", async () => {
      const probe = "'prepared-probe'";
      for (let i = 0; i < 3; i++) await one.db.select({ id: departments.id }).from(departments).where(eq(departments.name, sql.raw(probe)));
      const run = () => one.db.select({ id: departments.id }).from(departments).where(eq(departments.id, manyIds[0]!));
      await run();
      await run();
      await one.db.transaction(async (tx) => {
        await tx.select({ n: sql<number>`count(*)` }).from(departments).where(eq(departments.archived, false));
      });
      expect(await prepared(`"departments"."id" = $1`)).toHaveLength(1);
      expect(await prepared(`"departments"."archived" = $1`)).toHaveLength(1);
      // No parameters: the simple protocol, nothing to prepare.
      expect(await prepared(probe)).toHaveLength(0);
    });

    it("leaves a long parameter list unprepared (a list of ids: its text changes with its length)", async () => {
      await one.db.select({ id: departments.id }).from(departments).where(inArray(departments.id, manyIds));
      expect(await prepared(`in ($1, $2`)).toHaveLength(0);
    });

    it("plans each execution for its own values", async () => {
      const [row] = await rows<{ plan_cache_mode: string }>(one.db, sql`show plan_cache_mode`);
      expect(row?.plan_cache_mode).toBe("force_custom_plan");
    });
  });
}
