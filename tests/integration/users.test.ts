import crypto from "node:crypto";
import { and, eq, inArray, ne, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { departments, invites, users } from "@/db/schema";
import { verifyCredentials } from "@/lib/auth/credentials";
import { loadActor, type Actor } from "@/lib/auth/current-user";
import { acceptInvite, createUser, describeInvite, issueInvite, OWN_ACCESS_CHANGED, setUserActive, updateUser } from "@/lib/users/commands";
import { listUsers } from "@/lib/users/queries";
import { userFilterSchema, type CreateUserInput } from "@/lib/users/schemas";
import { auditMark, auditSince, expectNoWrites } from "../helpers/audit";
import { useTestDatabase } from "../helpers/db";
import { actorOf, makeCast, makeDepartment, makeUser } from "../helpers/factories";

// next-auth's ESM build imports "next/server" without an extension, which only Next resolves;
// current-user (for loadActor) imports the Auth.js config, which no test here needs.
vi.mock("@/lib/auth/config", () => ({ auth: vi.fn(async () => null) }));

const db = useTestDatabase();
const uniq = () => crypto.randomBytes(4).toString("hex");
const tokenOf = (path: string) => path.split("/").pop()!;
const NEW_PASSWORD = "a brand new passphrase";
const INVALID_LINK = "This link is not valid or has expired. Ask for a new one with “Forgot your password?” on the sign-in page, or ask an admin.";

let admin: Actor;
let cast: Awaited<ReturnType<typeof makeCast>>;
beforeAll(async () => {
  cast = await makeCast(db());
  admin = cast.actors.admin;
});

const newUserInput = (over: Partial<CreateUserInput> = {}): CreateUserInput => ({
  email: `new-${uniq()}@example.test`,
  name: `New ${uniq()}`,
  role: "member",
  departmentId: cast.dept.id,
  setup: "invite",
  ...over,
});
const snapshot = (u: { email: string; name: string; role: string; departmentId: string | null; active: boolean }) => ({
  email: u.email, name: u.name, role: u.role, departmentId: u.departmentId, active: u.active,
});
const userRow = async (id: string) => (await db().select().from(users).where(eq(users.id, id)))[0]!;

describe("createUser", () => {
  it("with a password: the user can sign in and one user.created event is written without secrets", async () => {
    const mark = await auditMark(db());
    const input = newUserInput({ setup: "password", password: NEW_PASSWORD });
    const created = await createUser({ actor: admin, input });
    expect(created.invitePath).toBeNull();
    const row = await userRow(created.userId);
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    const events = await auditSince(db(), mark);
    expect(events.map((e) => [e.action, e.actorId, e.entityId])).toEqual([["user.created", admin.id, created.userId]]);
    expect(events[0]!.after).toEqual(snapshot({ ...input, departmentId: cast.dept.id, active: true }));
    expect(JSON.stringify(events)).not.toContain(NEW_PASSWORD);
    expect(await verifyCredentials({ email: input.email, password: NEW_PASSWORD })).toMatchObject({ ok: true, userId: created.userId });
  });

  it("with an invite: no password yet, a one-time link, and user.created + user.invite_issued", async () => {
    const mark = await auditMark(db());
    const input = newUserInput({ role: "executive", departmentId: null });
    const created = await createUser({ actor: admin, input });
    expect(created.invitePath).toMatch(/^\/invite\/[A-Za-z0-9_-]{43}$/);
    expect((await userRow(created.userId)).passwordHash).toBeNull();
    expect((await auditSince(db(), mark)).map((e) => e.action)).toEqual(["user.created", "user.invite_issued"]);
    expect(await describeInvite(tokenOf(created.invitePath!))).toEqual({ valid: true, email: input.email, name: input.name });
  });

  it("refuses an email already taken in another case, on the email field, writing nothing", async () => {
    const tag = uniq();
    await makeUser(db(), { role: "member", departmentId: cast.dept.id, email: `Ana.Lopez.${tag}@Example.test` });
    const err = await expectNoWrites(db(), () =>
      createUser({ actor: admin, input: newUserInput({ email: `ana.lopez.${tag}@EXAMPLE.TEST` }) }).catch((e: unknown) => e),
    );
    expect(err).toMatchObject({ kind: "conflict", fieldErrors: { email: ["A user with this email already exists."] } });
  });

  it("refuses an archived or unknown department, writing nothing", async () => {
    const archived = await makeDepartment(db(), `Gone ${uniq()}`);
    await db().update(departments).set({ archived: true }).where(eq(departments.id, archived.id));
    await expectNoWrites(db(), async () => {
      await expect(createUser({ actor: admin, input: newUserInput({ departmentId: archived.id }) })).rejects.toMatchObject({
        kind: "invalid",
        fieldErrors: { departmentId: [`${archived.name} is archived; choose a current department.`] },
      });
      await expect(createUser({ actor: admin, input: newUserInput({ departmentId: crypto.randomUUID() }) })).rejects.toMatchObject({
        fieldErrors: { departmentId: ["That department does not exist."] },
      });
    });
  });

  it("is refused to every role but admin", async () => {
    for (const role of ["cco", "executive", "head", "member"] as const) {
      await expectNoWrites(db(), () =>
        expect(createUser({ actor: cast.actors[role], input: newUserInput() })).rejects.toMatchObject({ kind: "forbidden" }),
      );
    }
  });
});

describe("updateUser", () => {
  it("changes role and department with a before/after user.updated event", async () => {
    const other = await makeDepartment(db());
    const u = await makeUser(db(), { role: "member", departmentId: cast.dept.id });
    const mark = await auditMark(db());
    await updateUser({ actor: admin, input: { userId: u.id, name: "Renamed Person", role: "head", departmentId: other.id } });
    const events = await auditSince(db(), mark);
    expect(events.map((e) => e.action)).toEqual(["user.updated"]);
    expect(events[0]).toMatchObject({
      actorId: admin.id,
      entityId: u.id,
      before: snapshot(u),
      after: { ...snapshot(u), name: "Renamed Person", role: "head", departmentId: other.id },
    });
  });

  it("a head whose role or department changes stops heading the department, audited", async () => {
    for (const change of ["role", "department"] as const) {
      const dep = await makeDepartment(db());
      const head = await makeUser(db(), { role: "head", departmentId: dep.id });
      await db().update(departments).set({ headUserId: head.id }).where(eq(departments.id, dep.id));
      const mark = await auditMark(db());
      const input = change === "role"
        ? { userId: head.id, name: head.name, role: "member" as const, departmentId: dep.id }
        : { userId: head.id, name: head.name, role: "head" as const, departmentId: cast.dept.id };
      await updateUser({ actor: admin, input });
      const [after] = await db().select().from(departments).where(eq(departments.id, dep.id));
      expect(after!.headUserId).toBeNull();
      const events = await auditSince(db(), mark);
      expect(events.map((e) => [e.action, e.entityId])).toEqual([["department.updated", dep.id], ["user.updated", head.id]]);
      expect(events[0]).toMatchObject({ before: { headUserId: head.id }, after: { headUserId: null } });
    }
  });

  it("refuses a move into an archived department and an unknown user, writing nothing", async () => {
    const gone = await makeDepartment(db());
    await db().update(departments).set({ archived: true }).where(eq(departments.id, gone.id));
    const u = await makeUser(db(), { role: "member", departmentId: cast.dept.id });
    await expectNoWrites(db(), async () => {
      await expect(updateUser({ actor: admin, input: { userId: u.id, name: u.name, role: "member", departmentId: gone.id } })).rejects.toMatchObject({
        fieldErrors: { departmentId: [`${gone.name} is archived; choose a current department.`] },
      });
      await expect(
        updateUser({ actor: admin, input: { userId: crypto.randomUUID(), name: "X", role: "cco", departmentId: null } }),
      ).rejects.toMatchObject({ kind: "not_found", message: "That user was not found." });
    });
  });
});

describe("setUserActive", () => {
  it("deactivates (access ends on the next request) and reactivates, each audited", async () => {
    const u = await makeUser(db(), { role: "member", departmentId: cast.dept.id });
    let mark = await auditMark(db());
    await setUserActive({ actor: admin, userId: u.id, active: false, reason: "Left the company" });
    expect(await loadActor(u.id)).toBeNull();
    let events = await auditSince(db(), mark);
    expect(events).toMatchObject([
      { action: "user.deactivated", entityId: u.id, reason: "Left the company", before: { active: true }, after: { active: false } },
    ]);
    await expectNoWrites(db(), () =>
      expect(setUserActive({ actor: admin, userId: u.id, active: false })).rejects.toMatchObject({ message: "This user is already deactivated." }),
    );
    mark = await auditMark(db());
    await setUserActive({ actor: admin, userId: u.id, active: true });
    expect(await loadActor(u.id)).toMatchObject({ id: u.id });
    events = await auditSince(db(), mark);
    expect(events).toMatchObject([{ action: "user.reactivated", entityId: u.id, reason: null, after: { active: true } }]);
  });

  it("an admin cannot deactivate their own account, however the id is spelled", async () => {
    const me = await makeUser(db(), { role: "admin" });
    for (const userId of [me.id, me.id.toUpperCase()]) {
      await expectNoWrites(db(), () =>
        expect(setUserActive({ actor: actorOf(me), userId, active: false })).rejects.toMatchObject({
          kind: "conflict",
          message: "You cannot deactivate your own account.",
        }),
      );
    }
    expect((await userRow(me.id)).active).toBe(true);
  });
});

describe("the last active admin", () => {
  it("cannot be demoted or deactivated; with two admins one can be demoted", async () => {
    const a = await makeUser(db(), { role: "admin" });
    const b = await makeUser(db(), { role: "admin" });
    // Only a and b are active admins for this scenario (the others come back at the end).
    const others = await db()
      .update(users)
      .set({ active: false })
      .where(and(eq(users.role, "admin"), eq(users.active, true), ne(users.id, a.id), ne(users.id, b.id)))
      .returning({ id: users.id });
    const mark = await auditMark(db());
    await updateUser({ actor: actorOf(a), input: { userId: b.id, name: b.name, role: "executive", departmentId: null } });
    expect((await auditSince(db(), mark)).map((e) => e.action)).toEqual(["user.updated"]);

    await expectNoWrites(db(), async () => {
      await expect(updateUser({ actor: actorOf(a), input: { userId: a.id, name: a.name, role: "cco", departmentId: null } })).rejects.toMatchObject({
        kind: "conflict",
        message: "This is the last active admin; make someone else an admin before changing this role.",
      });
      // b's session is stale (still says admin): the command re-reads b under lock and refuses.
      await expect(setUserActive({ actor: actorOf(b), userId: a.id, active: false })).rejects.toMatchObject({ kind: "forbidden", message: OWN_ACCESS_CHANGED });
      await expect(setUserActive({ actor: actorOf(a), userId: a.id, active: false })).rejects.toMatchObject({ kind: "conflict" });
    });
    expect(await userRow(a.id)).toMatchObject({ role: "admin", active: true });
    await db().update(users).set({ active: true }).where(inArray(users.id, others.map((o) => o.id)));
  });
});

describe("one-time links", () => {
  it("work exactly once; the chosen password then signs in", async () => {
    const u = await makeUser(db(), { role: "member", departmentId: cast.dept.id, withPassword: false });
    let mark = await auditMark(db());
    const { invitePath } = await issueInvite({ actor: admin, userId: u.id });
    expect((await auditSince(db(), mark)).map((e) => [e.action, e.actorId, e.entityId])).toEqual([["user.invite_issued", admin.id, u.id]]);
    const token = tokenOf(invitePath!);
    expect(await describeInvite(token)).toEqual({ valid: true, email: u.email, name: u.name });
    expect(await verifyCredentials({ email: u.email, password: NEW_PASSWORD })).toEqual({ ok: false, reason: "invalid" });

    mark = await auditMark(db());
    expect(await acceptInvite({ token, password: NEW_PASSWORD })).toEqual({ email: u.email });
    expect(await auditSince(db(), mark)).toMatchObject([{ action: "user.password_set", actorId: u.id, entityId: u.id }]);
    expect(await verifyCredentials({ email: u.email, password: NEW_PASSWORD })).toMatchObject({ ok: true, userId: u.id });

    expect(await describeInvite(token)).toEqual({ valid: false, reason: INVALID_LINK });
    await expectNoWrites(db(), () =>
      expect(acceptInvite({ token, password: "another passphrase!" })).rejects.toMatchObject({ kind: "invalid", message: INVALID_LINK }),
    );
  });

  it("refuses expired, replaced, garbage links and links of deactivated users, writing nothing", async () => {
    const u = await makeUser(db(), { role: "member", departmentId: cast.dept.id, withPassword: false });
    const expired = tokenOf((await issueInvite({ actor: admin, userId: u.id })).invitePath!);
    await db().execute(sql`update invites set created_at = now() - interval '8 days', expires_at = now() - interval '1 day' where user_id = ${u.id}`);
    const replaced = tokenOf((await issueInvite({ actor: admin, userId: u.id })).invitePath!);
    const current = tokenOf((await issueInvite({ actor: admin, userId: u.id })).invitePath!);
    const v = await makeUser(db(), { role: "member", departmentId: cast.dept.id, withPassword: false });
    const ofDeactivated = tokenOf((await issueInvite({ actor: admin, userId: v.id })).invitePath!);
    await setUserActive({ actor: admin, userId: v.id, active: false });

    for (const token of [expired, replaced, ofDeactivated, "garbage", "", crypto.randomBytes(32).toString("base64url")]) {
      expect(await describeInvite(token)).toEqual({ valid: false, reason: INVALID_LINK });
      await expectNoWrites(db(), () => expect(acceptInvite({ token, password: NEW_PASSWORD })).rejects.toMatchObject({ message: INVALID_LINK }));
    }
    await expectNoWrites(db(), () =>
      expect(issueInvite({ actor: admin, userId: v.id })).rejects.toMatchObject({ message: "Reactivate this user before sending them a sign-in link." }),
    );
    expect(await describeInvite(current)).toMatchObject({ valid: true });
    // Issuing a link retires every older unused one, so only the newest is left open.
    expect((await db().select().from(invites).where(eq(invites.userId, u.id))).filter((i) => !i.usedAt)).toHaveLength(1);
  });
});

describe("listUsers", () => {
  it("filters by text (name or email, literal % and _), role, department and status", async () => {
    const tag = uniq();
    const dep = await makeDepartment(db());
    const alpha = await makeUser(db(), { role: "member", departmentId: dep.id, name: `Alpha ${tag}` });
    const beta = await makeUser(db(), { role: "head", departmentId: dep.id, name: `Beta ${tag}`, active: false });
    const gamma = await makeUser(db(), { role: "executive", name: "Gamma", email: `gamma.${tag}@example.test` });
    const pct = await makeUser(db(), { role: "member", departmentId: cast.dept.id, name: `Rate 100%_ ${tag}` });
    const list = async (f: Record<string, string>) =>
      (await listUsers({ actor: admin, filter: userFilterSchema.parse(f) })).rows.map((u) => u.id).sort();
    const ids = (...us: { id: string }[]) => us.map((u) => u.id).sort();

    expect(await list({ q: tag.toUpperCase() })).toEqual(ids(alpha, beta, gamma, pct));
    expect(await list({ q: "100%_" })).toEqual(ids(pct));
    expect(await list({ q: tag, role: "member" })).toEqual(ids(alpha, pct));
    expect(await list({ departmentId: dep.id })).toEqual(ids(alpha, beta));
    expect(await list({ departmentId: dep.id, status: "active" })).toEqual(ids(alpha));
    expect(await list({ q: tag, status: "inactive" })).toEqual(ids(beta));
    // Malformed URL filters are ignored rather than failing the page.
    expect(await list({ q: tag, role: "wizard", departmentId: "nope", status: "weird" })).toEqual(ids(alpha, beta, gamma, pct));
    const [row] = (await listUsers({ actor: admin, filter: userFilterSchema.parse({ q: `gamma.${tag}` }) })).rows;
    expect(row).not.toHaveProperty("passwordHash");
    expect(row).toMatchObject({ hasPassword: true, invitePending: false, departmentName: null });
  });

  it("is refused to every role but admin", async () => {
    for (const role of ["cco", "executive", "head", "member"] as const) {
      await expect(listUsers({ actor: cast.actors[role], filter: userFilterSchema.parse({}) })).rejects.toMatchObject({ kind: "forbidden" });
    }
  });
});
