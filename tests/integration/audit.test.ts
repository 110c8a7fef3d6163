import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, type AuditEvent } from "@/db/schema";
import { auditFilterSchema, listAuditEvents } from "@/lib/audit/queries";
import { DEFAULT_PER_PAGE, pagingSchema } from "@/lib/pagination";
import { recordAudit } from "@/lib/audit/record";
import { pgErrorCode } from "@/lib/errors";
import { ROLES, can } from "@/lib/permissions";
import { auditMark, auditSince } from "../helpers/audit";
import { asOwner, databaseFingerprint, rows, useTestDatabase } from "../helpers/db";
import { makeCast, makeUser } from "../helpers/factories";

const db = useTestDatabase();

let cast: Awaited<ReturnType<typeof makeCast>>;
beforeAll(async () => {
  cast = await makeCast(db());
  await recordAudit(db(), { actorId: cast.users.admin.id, action: "department.created", entityType: "department", entityId: cast.dept.id, after: { name: cast.dept.name, headUserId: null, archived: false } });
});

/** Every message along an error's cause chain (drivers wrap the database's own message). */
function messages(e: unknown): string {
  const out: string[] = [];
  for (let cur = e; cur && typeof cur === "object"; cur = (cur as { cause?: unknown }).cause) out.push(String((cur as Error).message));
  return out.join(" | ");
}

// Run as the owner of the tables: the runtime role is refused these statements by its grants
// (tests/integration/runtime-role.test.ts); the triggers hold even for the owner.
describe("audit_events is append-only in the database, even for the owner of the table", () => {
  const statements = [
    "update audit_events set reason = 'rewritten'",
    "update audit_events set actor_id = null where id = (select min(id) from audit_events)",
    "delete from audit_events",
    "delete from audit_events where id = (select max(id) from audit_events)",
    "truncate audit_events",
    // Truncating a table the log refers to would empty the log by cascade.
    "truncate users cascade",
  ];
  it.each(statements)("refuses: %s", async (statement) => {
    const before = await databaseFingerprint(db());
    const [counted] = await rows<{ n: number }>(db(), sql`select count(*)::int as n from audit_events`);
    expect(counted!.n).toBeGreaterThan(0); // row triggers only fire when there are rows
    const error = await asOwner((owner) => owner.execute(sql.raw(statement))).then(() => null, (e: unknown) => e);
    expect(error, "the statement went through").not.toBeNull();
    expect(pgErrorCode(error)).toBe("42501");
    expect(messages(error)).toMatch(/audit_events is append-only: (UPDATE|DELETE|TRUNCATE) is not allowed/);
    expect(await databaseFingerprint(db())).toEqual(before);
  });

  it("still accepts new events", async () => {
    const mark = await auditMark(db());
    await recordAudit(db(), { actorId: null, action: "auth.signed_out", entityType: "session", after: { email: "x@example.test", outcome: "success" } });
    expect((await auditSince(db(), mark)).map((e) => e.action)).toEqual(["auth.signed_out"]);
  });
});

describe("listAuditEvents", () => {
  const at = (iso: string) => new Date(iso);
  async function seed(values: (typeof auditEvents.$inferInsert)[]): Promise<AuditEvent[]> {
    return db().insert(auditEvents).values(values).returning();
  }
  const ids = (rs: { id: number }[]) => rs.map((r) => r.id);
  const list = (f: Record<string, unknown>) => listAuditEvents({ actor: cast.actors.admin, filter: auditFilterSchema.parse(f), paging: pagingSchema.parse(f) });

  it("filters by actor, entity type and whole UTC days (to is inclusive), newest first", async () => {
    const x = await makeUser(db(), { role: "cco", name: "Xavier Actor" });
    const y = await makeUser(db(), { role: "executive" });
    const [e1, e2, e3, e4, e5] = await seed([
      { actorId: x.id, action: "user.updated", entityType: "user", createdAt: at("2021-02-28T23:59:59Z") },
      { actorId: x.id, action: "department.created", entityType: "department", createdAt: at("2021-03-01T00:00:00Z") },
      { actorId: x.id, action: "user.created", entityType: "user", createdAt: at("2021-03-01T23:59:59.999Z") },
      { actorId: x.id, action: "settings.updated", entityType: "settings", createdAt: at("2021-03-02T00:00:00Z") },
      { actorId: y.id, action: "user.updated", entityType: "user", createdAt: at("2021-03-01T12:00:00Z") },
    ]);

    const byX = await list({ actorId: x.id });
    expect(ids(byX.rows)).toEqual(ids([e4!, e3!, e2!, e1!]));
    expect(byX.total).toBe(4);
    expect(byX.rows[0]).toMatchObject({ actorId: x.id, actorName: "Xavier Actor", action: "settings.updated", entityType: "settings" });

    expect(ids((await list({ actorId: x.id, entityType: "user" })).rows)).toEqual(ids([e3!, e1!]));
    expect(ids((await list({ actorId: x.id, entityType: "session" })).rows)).toEqual([]);
    expect(ids((await list({ actorId: x.id, from: "2021-03-01", to: "2021-03-01" })).rows)).toEqual(ids([e3!, e2!]));
    expect(ids((await list({ from: "2021-03-01", to: "2021-03-01" })).rows)).toEqual(ids([e3!, e5!, e2!]));
    expect(ids((await list({ actorId: x.id, from: "2021-03-02" })).rows)).toEqual(ids([e4!]));
    expect(ids((await list({ actorId: x.id, to: "2021-02-28" })).rows)).toEqual(ids([e1!]));
    expect(await list({ from: "2021-03-01", to: "2021-03-01", entityType: "user" })).toMatchObject({ total: 2 });
  });

  it("ignores malformed filters from the URL instead of failing", () => {
    expect(auditFilterSchema.parse({ actorId: "nobody", entityType: "robot", from: "2021-13-01", to: "yesterday", page: "0" })).toEqual({});
    expect(pagingSchema.parse({ page: "0" })).toEqual({ page: 1, perPage: DEFAULT_PER_PAGE });
    expect(pagingSchema.parse({ page: "3" })).toEqual({ page: 3, perPage: DEFAULT_PER_PAGE });
  });

  it("pages 50 at a time in a stable order, ties broken by id", async () => {
    const p = await makeUser(db(), { role: "admin" });
    const base = Date.parse("2020-06-01T00:00:00Z");
    // Pairs of events share a timestamp, so the order must not depend on timestamps alone.
    const seeded = await seed(
      Array.from({ length: 120 }, (_, i) => ({
        actorId: p.id, action: "user.updated" as const, entityType: "user" as const, entityId: String(i), createdAt: new Date(base + Math.floor(i / 2) * 1000),
      })),
    );
    const expected = [...seeded].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id).map((e) => e.id);
    const pages = await Promise.all([1, 2, 3, 4].map((page) => list({ actorId: p.id, page: String(page) })));
    expect(DEFAULT_PER_PAGE).toBe(50);
    // Page 4 is past the end: it shows the last page again rather than nothing.
    expect(pages.map((pg) => [pg.page, pg.rows.length, pg.total, pg.pages])).toEqual([[1, 50, 120, 3], [2, 50, 120, 3], [3, 20, 120, 3], [3, 20, 120, 3]]);
    expect(pages.slice(0, 3).flatMap((pg) => ids(pg.rows))).toEqual(expected);
  });

  it("is allowed exactly to the roles with audit.read", async () => {
    for (const role of ROLES) {
      const result = listAuditEvents({ actor: cast.actors[role], filter: auditFilterSchema.parse({}) });
      if (can(role, "audit.read")) await expect(result).resolves.toMatchObject({ total: expect.any(Number) });
      else await expect(result).rejects.toMatchObject({ kind: "forbidden", message: "You do not have permission to do that." });
    }
    expect(ROLES.filter((r) => !can(r, "audit.read"))).toEqual(["head", "member"]);
  });
});
