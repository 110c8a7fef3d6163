import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { updateSettingsAction } from "@/app/(app)/admin/actions";
import { departments, settings } from "@/db/schema";
import type { Actor } from "@/lib/auth/current-user";
import {
  archiveDepartment,
  createDepartment,
  renameDepartment,
  restoreDepartment,
  setDepartmentHead,
} from "@/lib/departments/commands";
import { listDepartments } from "@/lib/departments/queries";
import { pgErrorCode } from "@/lib/errors";
import { getSettings, updateSettings } from "@/lib/settings";
import { auditMark, auditSince, expectNoWrites } from "../helpers/audit";
import { useTestDatabase } from "../helpers/db";
import { makeCast, makeDepartment, makeUser } from "../helpers/factories";
import { signInAs } from "../helpers/session";

// next-auth's ESM build imports "next/server" without an extension, which only Next resolves;
// the action wrapper imports current-user, which imports the Auth.js config no test here needs.
vi.mock("@/lib/auth/config", () => ({ auth: vi.fn(async () => null) }));

const db = useTestDatabase();
const uniq = () => crypto.randomBytes(4).toString("hex");
const depRow = async (id: string) => (await db().select().from(departments).where(eq(departments.id, id)))[0]!;

let admin: Actor;
let cast: Awaited<ReturnType<typeof makeCast>>;
beforeAll(async () => {
  cast = await makeCast(db());
  admin = cast.actors.admin;
});

describe("create and rename", () => {
  it("creating writes one department.created event", async () => {
    const name = `Logistics ${uniq()}`;
    const mark = await auditMark(db());
    const { departmentId } = await createDepartment({ actor: admin, name });
    expect(await auditSince(db(), mark)).toMatchObject([
      { action: "department.created", actorId: admin.id, entityType: "department", entityId: departmentId, before: null, after: { name, headUserId: null, archived: false } },
    ]);
    expect((await listDepartments()).find((d) => d.id === departmentId)).toMatchObject({ name, archived: false, headUserId: null, activeMembers: 0 });
  });

  it("a live name is taken whatever its case, on create and on rename, writing nothing", async () => {
    const name = `Billing ${uniq()}`;
    await createDepartment({ actor: admin, name });
    const other = await makeDepartment(db());
    const taken = { kind: "conflict", fieldErrors: { name: ["A department with this name already exists."] } };
    await expectNoWrites(db(), async () => {
      await expect(createDepartment({ actor: admin, name: name.toUpperCase() })).rejects.toMatchObject(taken);
      await expect(renameDepartment({ actor: admin, departmentId: other.id, name: name.toLowerCase() })).rejects.toMatchObject(taken);
    });
  });

  it("renaming writes department.updated with before/after; the same name again is a no-op", async () => {
    const dep = await makeDepartment(db());
    const name = `Care ${uniq()}`;
    const mark = await auditMark(db());
    await renameDepartment({ actor: admin, departmentId: dep.id, name });
    await expectNoWrites(db(), () => renameDepartment({ actor: admin, departmentId: dep.id, name }));
    expect(await auditSince(db(), mark)).toMatchObject([
      { action: "department.updated", entityId: dep.id, before: { name: dep.name, archived: false }, after: { name, archived: false } },
    ]);
    expect((await depRow(dep.id)).name).toBe(name);
  });

  it("an archived department frees its name; restoring it then needs a rename first", async () => {
    const name = `Field Ops ${uniq()}`;
    const { departmentId: oldId } = await createDepartment({ actor: admin, name });
    await archiveDepartment({ actor: admin, departmentId: oldId });
    const mark = await auditMark(db());
    const { departmentId: newId } = await createDepartment({ actor: admin, name: name.toLowerCase() });
    expect((await auditSince(db(), mark)).map((e) => [e.action, e.entityId])).toEqual([["department.created", newId]]);
    await expectNoWrites(db(), async () => {
      await expect(restoreDepartment({ actor: admin, departmentId: oldId })).rejects.toMatchObject({
        kind: "conflict",
        message: "Another current department already uses this name; rename one of them first.",
      });
      await expect(renameDepartment({ actor: admin, departmentId: oldId, name: `x ${uniq()}` })).rejects.toMatchObject({
        message: "Restore this department before renaming it.",
      });
    });
  });
});

describe("setDepartmentHead", () => {
  it("accepts an active head of that department, and clearing the head, each audited", async () => {
    const dep = await makeDepartment(db());
    const head = await makeUser(db(), { role: "head", departmentId: dep.id });
    let mark = await auditMark(db());
    await setDepartmentHead({ actor: admin, departmentId: dep.id, headUserId: head.id });
    expect(await auditSince(db(), mark)).toMatchObject([
      { action: "department.updated", entityId: dep.id, before: { headUserId: null }, after: { headUserId: head.id } },
    ]);
    expect((await listDepartments()).find((d) => d.id === dep.id)).toMatchObject({ headName: head.name, headActive: true, activeMembers: 1 });
    await expectNoWrites(db(), () => setDepartmentHead({ actor: admin, departmentId: dep.id, headUserId: head.id }));

    mark = await auditMark(db());
    await setDepartmentHead({ actor: admin, departmentId: dep.id, headUserId: null });
    expect(await auditSince(db(), mark)).toMatchObject([{ action: "department.updated", before: { headUserId: head.id }, after: { headUserId: null } }]);
  });

  it("refuses anyone who is not an active head of that department, on the headUserId field, writing nothing", async () => {
    const dep = await makeDepartment(db());
    const member = await makeUser(db(), { role: "member", departmentId: dep.id });
    const elsewhere = await makeUser(db(), { role: "head", departmentId: cast.dept.id });
    const gone = await makeUser(db(), { role: "head", departmentId: dep.id, active: false });
    const cases: [string, string][] = [
      [member.id, `${member.name} does not have the department head role; change their role first.`],
      [elsewhere.id, `${elsewhere.name} is not in ${dep.name}; move them here first.`],
      [gone.id, `${gone.name} is deactivated.`],
      [crypto.randomUUID(), "That person does not exist."],
    ];
    for (const [headUserId, message] of cases) {
      await expectNoWrites(db(), () =>
        expect(setDepartmentHead({ actor: admin, departmentId: dep.id, headUserId })).rejects.toMatchObject({
          kind: "invalid",
          fieldErrors: { headUserId: [message] },
        }),
      );
    }
    expect((await depRow(dep.id)).headUserId).toBeNull();
  });

  it("refuses to change the head of an archived department", async () => {
    const dep = await makeDepartment(db());
    const head = await makeUser(db(), { role: "head", departmentId: dep.id });
    await archiveDepartment({ actor: admin, departmentId: dep.id });
    await expectNoWrites(db(), () =>
      expect(setDepartmentHead({ actor: admin, departmentId: dep.id, headUserId: head.id })).rejects.toMatchObject({
        message: "Restore this department before changing its head.",
      }),
    );
  });
});

describe("archive and restore", () => {
  it("each writes its event; repeating either is refused and writes nothing", async () => {
    const dep = await makeDepartment(db());
    let mark = await auditMark(db());
    await archiveDepartment({ actor: admin, departmentId: dep.id, reason: "Merged into Care" });
    expect(await auditSince(db(), mark)).toMatchObject([
      { action: "department.archived", actorId: admin.id, entityId: dep.id, reason: "Merged into Care", before: { archived: false }, after: { archived: true } },
    ]);
    await expectNoWrites(db(), () =>
      expect(archiveDepartment({ actor: admin, departmentId: dep.id })).rejects.toMatchObject({ message: "This department is already archived." }),
    );
    mark = await auditMark(db());
    await restoreDepartment({ actor: admin, departmentId: dep.id });
    expect(await auditSince(db(), mark)).toMatchObject([{ action: "department.restored", entityId: dep.id, after: { archived: false } }]);
    await expectNoWrites(db(), async () => {
      await expect(restoreDepartment({ actor: admin, departmentId: dep.id })).rejects.toMatchObject({ message: "This department is not archived." });
      await expect(archiveDepartment({ actor: admin, departmentId: crypto.randomUUID() })).rejects.toMatchObject({
        kind: "not_found",
        message: "That department was not found.",
      });
    });
  });

  it("every department command is refused to every role but admin", async () => {
    const dep = await makeDepartment(db());
    for (const role of ["cco", "executive", "head", "member"] as const) {
      const actor = cast.actors[role];
      await expectNoWrites(db(), async () => {
        const forbidden = { kind: "forbidden" };
        await expect(createDepartment({ actor, name: `No ${uniq()}` })).rejects.toMatchObject(forbidden);
        await expect(renameDepartment({ actor, departmentId: dep.id, name: `No ${uniq()}` })).rejects.toMatchObject(forbidden);
        await expect(setDepartmentHead({ actor, departmentId: dep.id, headUserId: null })).rejects.toMatchObject(forbidden);
        await expect(archiveDepartment({ actor, departmentId: dep.id })).rejects.toMatchObject(forbidden);
        await expect(restoreDepartment({ actor, departmentId: dep.id })).rejects.toMatchObject(forbidden);
        await expect(updateSettings({ actor, input: { disputeSlaDays: 5, staleCheckInDays: 5 } })).rejects.toMatchObject(forbidden);
      });
    }
  });
});

describe("updateSettings", () => {
  it("accepts the bounds 1 and 365 with a before/after settings.updated event", async () => {
    signInAs(admin);
    const start = await getSettings();
    const mark = await auditMark(db());
    expect(await updateSettingsAction(null, { disputeSlaDays: 1, staleCheckInDays: 365 })).toMatchObject({ ok: true });
    expect(await getSettings()).toMatchObject({ disputeSlaDays: 1, staleCheckInDays: 365 });
    // FormData from the settings form coerces.
    const form = new FormData();
    form.set("disputeSlaDays", "365");
    form.set("staleCheckInDays", "1");
    expect(await updateSettingsAction(null, form)).toMatchObject({ ok: true });
    const events = await auditSince(db(), mark);
    expect(events).toMatchObject([
      { action: "settings.updated", actorId: admin.id, entityType: "settings", entityId: "1",
        before: { disputeSlaDays: start.disputeSlaDays, staleCheckInDays: start.staleCheckInDays }, after: { disputeSlaDays: 1, staleCheckInDays: 365 } },
      { action: "settings.updated", before: { disputeSlaDays: 1, staleCheckInDays: 365 }, after: { disputeSlaDays: 365, staleCheckInDays: 1 } },
    ]);
    const [row] = await db().select().from(settings);
    expect(row!.updatedById).toBe(admin.id);
  });

  it("refuses out-of-range and non-numeric values with a message per field, writing nothing", async () => {
    signInAs(admin);
    const cases: [Record<string, unknown>, Record<string, string[]>][] = [
      [{ disputeSlaDays: 0, staleCheckInDays: 366 }, {
        disputeSlaDays: ["Dispute service level must be at least 1 day."],
        staleCheckInDays: ["Stale check-in period must be at most 365 days."],
      }],
      [{ disputeSlaDays: "2.5", staleCheckInDays: "abc" }, {
        disputeSlaDays: ["Dispute service level must be a whole number of days."],
        staleCheckInDays: ["Stale check-in period must be a whole number of days."],
      }],
      [{ disputeSlaDays: -3, staleCheckInDays: "Infinity" }, {
        disputeSlaDays: ["Dispute service level must be at least 1 day."],
        staleCheckInDays: ["Stale check-in period must be a whole number of days."],
      }],
    ];
    for (const [input, fieldErrors] of cases) {
      const result = await expectNoWrites(db(), () => updateSettingsAction(null, input as never));
      expect(result).toEqual({ ok: false, code: "invalid", error: "Please correct the highlighted fields.", fieldErrors });
    }
  });

  it("the database itself refuses out-of-range settings that skip the schema", async () => {
    await expectNoWrites(db(), () =>
      updateSettings({ actor: admin, input: { disputeSlaDays: 0, staleCheckInDays: 400 } }).then(
        () => expect.fail("out-of-range settings were saved"),
        (e: unknown) => expect(pgErrorCode(e)).toBe("23514"), // check_violation
      ),
    );
  });
});
