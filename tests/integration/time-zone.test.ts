import { and, eq, sql } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { updateSettingsAction } from "@/app/(app)/admin/actions";
import { disputes, goals, notifications, ownershipAssignments, settings, stages } from "@/db/schema";
import { listAuditEvents } from "@/lib/audit/queries";
import type { Actor } from "@/lib/auth/current-user";
import { getDashboard } from "@/lib/dashboard/queries";
import { raiseDispute, runOverdueDisputeSweep } from "@/lib/disputes/commands";
import { isOverdue } from "@/lib/disputes/rules";
import { createGoal, recordCheckIn } from "@/lib/goals/commands";
import { createObjective } from "@/lib/goals/objectives";
import { listGoals } from "@/lib/goals/queries";
import type { CreateGoalInput } from "@/lib/goals/schemas";
import { runStaleGoalSweep } from "@/lib/goals/stale";
import { getJourneyBoard } from "@/lib/journeys/queries";
import { assignOwnership } from "@/lib/ownership/commands";
import { getSettings, updateSettings } from "@/lib/settings";
import { addDays, dateIn, lastMomentOf, todayIn, wallClock } from "@/lib/time";
import { auditMark, auditSince, expectNoWrites } from "../helpers/audit";
import { useTestDatabase } from "../helpers/db";
import { makeCast } from "../helpers/factories";
import { assignInput, expectRefused, makeHeadedDepartment, makeJourney, uniq, type HeadedDepartment } from "../helpers/ownership-fixtures";
import { raiseInput } from "../helpers/dispute-fixtures";
import { signInAs } from "../helpers/session";

// The company's zone decides "today" everywhere. Tests that need a particular moment freeze
// the app's clock (Date only; the database keeps its own); the others use a pair of zones 25
// hours apart (UTC+14 and UTC−11), whose calendar dates differ at every moment of the day.
const AUCKLAND = "Pacific/Auckland";
const KIRITIMATI = "Pacific/Kiritimati"; // UTC+14
const NIUE = "Pacific/Niue"; // UTC−11

const db = useTestDatabase();
const setZone = (timeZone: string) => db().update(settings).set({ timeZone }).where(eq(settings.id, 1));
function freezeAt(iso: string) {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date(iso));
}
afterEach(async () => {
  vi.useRealTimers();
  await db().update(settings).set({ timeZone: "UTC", staleCheckInDays: 14, disputeSlaDays: 10 }).where(eq(settings.id, 1));
});

let admin: Actor;
let cco: Actor;
let alpha: HeadedDepartment;
let beta: HeadedDepartment;
let objectiveId: string;
beforeAll(async () => {
  const cast = await makeCast(db());
  admin = cast.actors.admin;
  cco = cast.actors.cco;
  alpha = await makeHeadedDepartment(db(), `Alpha ${uniq()}`);
  beta = await makeHeadedDepartment(db(), `Beta ${uniq()}`);
  ({ objectiveId } = (await createObjective({ actor: cco, input: { title: `Aim ${uniq()}`, description: "", periodStart: "2024-01-01", periodEnd: "2035-01-01" } }))!);
});

async function alphaStage() {
  const { journeyId, stageIds } = await makeJourney(cco, 1);
  await assignOwnership({ actor: cco, input: assignInput(stageIds[0]!, alpha) });
  return { journeyId, stageId: stageIds[0]! };
}
async function activeGoal(over: Partial<CreateGoalInput> = {}) {
  const { stageId } = await alphaStage();
  const input: CreateGoalInput = {
    stageId, activate: true, title: `Goal ${uniq()}`, description: "Customers wait less at the counter.", metricName: "Served within 5 min",
    metricUnit: "%", baseline: "0", target: "100", direction: "increase", startDate: "2026-01-01", dueDate: "2026-12-31", ownerId: alpha.head.id, objectiveId, budget: "0", people: "1", resourcesNote: "", ...over,
  };
  return (await createGoal({ actor: cco, input })).goalId;
}
const checkIn = (goalId: string, measuredOn: string) => recordCheckIn({ actor: alpha.member, goalId, input: { value: "10", confidence: "medium", note: "", measuredOn } });

describe("the organisation's time zone setting", () => {
  it("is UTC until an admin changes it; the change is audited with before and after", async () => {
    expect((await getSettings()).timeZone).toBe("UTC");
    signInAs(admin);
    const mark = await auditMark(db());
    const form = new FormData();
    form.set("disputeSlaDays", "10");
    form.set("staleCheckInDays", "14");
    form.set("timeZone", "pacific/auckland");
    expect(await updateSettingsAction(null, form)).toMatchObject({ ok: true });
    expect((await getSettings()).timeZone).toBe(AUCKLAND);
    expect(await auditSince(db(), mark)).toMatchObject([
      { action: "settings.updated", actorId: admin.id, entityType: "settings", before: { timeZone: "UTC" }, after: { timeZone: AUCKLAND, disputeSlaDays: 10, staleCheckInDays: 14 } },
    ]);
    // A caller that sends only the day counts leaves the zone as it is.
    await updateSettings({ actor: admin, input: { disputeSlaDays: 9, staleCheckInDays: 14 } });
    expect(await getSettings()).toMatchObject({ timeZone: AUCKLAND, disputeSlaDays: 9 });
  });

  it("refuses a zone that does not exist with a clear field error, writing nothing", async () => {
    signInAs(admin);
    for (const timeZone of ["Mars/Olympus_Mons", "Europe/Londn", "+05:00", "UTC; drop table settings"]) {
      const result = await expectNoWrites(db(), () => updateSettingsAction(null, { disputeSlaDays: 10, staleCheckInDays: 14, timeZone } as never));
      expect(result).toMatchObject({ ok: false, error: "Please correct the highlighted fields.", fieldErrors: { timeZone: ["That is not a time zone we know. Choose one from the list, such as Europe/London or UTC."] } });
    }
    const blank = await expectNoWrites(db(), () => updateSettingsAction(null, { disputeSlaDays: 10, staleCheckInDays: 14, timeZone: "" } as never));
    expect(blank).toMatchObject({ ok: false, fieldErrors: { timeZone: ["Choose the organisation's time zone."] } });
    signInAs(cco);
    await expectRefused(db(), () => updateSettings({ actor: cco, input: { disputeSlaDays: 10, staleCheckInDays: 14, timeZone: AUCKLAND } }), "forbidden");
  });

  it("a stored zone this runtime does not know reads as UTC instead of failing every page", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    await setZone("Atlantis/Poseidonia");
    expect((await getSettings()).timeZone).toBe("UTC");
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("Atlantis/Poseidonia"));
    warn.mockRestore();
  });
});

describe("a check-in dated today where the company is", () => {
  it("at 07:00 in Auckland, today's date is accepted and tomorrow's refused", async () => {
    const goalId = await activeGoal();
    await setZone(AUCKLAND);
    freezeAt("2026-03-02T18:00:00Z"); // 07:00 on 3 March in Auckland; still 2 March in UTC
    await expect(checkIn(goalId, "2026-03-03")).resolves.toMatchObject({ checkInId: expect.any(String) });
    const refused = await expectRefused(db(), () => checkIn(goalId, "2026-03-04"), "invalid");
    expect(refused.fieldErrors).toEqual({ measuredOn: ["The measurement date cannot be in the future."] });
    // The same moment reckoned in UTC would call Auckland's today "the future".
    await setZone("UTC");
    await expectRefused(db(), () => checkIn(goalId, "2026-03-03"), "invalid");
  });
});

describe("stale goals on the company's calendar", () => {
  it("a goal is stale, and its owner reminded, from the company's day, not UTC's", async () => {
    // 15 days before Auckland's 3 March, 14 before UTC's 2 March: stale only in Auckland (period 14 days).
    const goalId = await activeGoal({ startDate: "2026-02-16", dueDate: "2026-12-31" });
    const staleIn = async (zone: string) => {
      await setZone(zone);
      return (await listGoals({ goalIds: [goalId] }))[0]!.stale;
    };
    freezeAt("2026-03-02T18:00:00Z");
    expect(await staleIn("UTC")).toBe(false);
    expect(await runStaleGoalSweep()).toEqual({ notified: 0, escalated: 0 });
    expect((await getDashboard({}, new Date())).attention.find((g) => g.id === goalId)).toBeUndefined();

    expect(await staleIn(AUCKLAND)).toBe(true);
    expect((await getDashboard({}, new Date())).attention.find((g) => g.id === goalId)).toMatchObject({ stale: true });
    expect(await runStaleGoalSweep()).toEqual({ notified: 1, escalated: 0 });
    const reminders = await db().select().from(notifications).where(and(eq(notifications.userId, alpha.head.id), eq(notifications.link, `/goals/${goalId}`)));
    expect(reminders.map((n) => n.kind)).toEqual(["goal_stale"]);

    // Escalation waits a further whole period of Auckland days after the reminder on 3 March:
    // not at 23:59 on 16 March there, but at midnight starting the 17th.
    freezeAt("2026-03-16T10:59:00Z");
    expect(await runStaleGoalSweep()).toEqual({ notified: 0, escalated: 0 });
    freezeAt("2026-03-16T11:00:00Z");
    expect(await runStaleGoalSweep()).toEqual({ notified: 0, escalated: 1 });
    await db().update(goals).set({ status: "cancelled", statusReason: "Test over: out of the way of the next test." }).where(eq(goals.id, goalId));
  });
});

describe("disputes are due by the end of a day on the company's calendar", () => {
  it.each([KIRITIMATI, NIUE])("in %s, due at the last moment of the service level's last day there", async (zone) => {
    await setZone(zone);
    await db().update(settings).set({ disputeSlaDays: 3 }).where(eq(settings.id, 1));
    const { disputeId } = await raiseDispute({ actor: alpha.head, input: raiseInput({ partyDepartmentIds: [beta.id] }) });
    const [d] = await db().select().from(disputes).where(eq(disputes.id, disputeId));
    const dueDay = addDays(dateIn(d!.openedAt, zone), 3);
    expect(d!.dueBy).toEqual(lastMomentOf(dueDay, zone));
    expect(dateIn(d!.dueBy, zone)).toBe(dueDay);
    expect(wallClock(d!.dueBy, zone)).toMatchObject({ hour: 23, minute: 59, second: 59 });
    // Overdue from the first moment of the next day there.
    expect(isOverdue(d!, d!.dueBy)).toBe(false);
    expect(isOverdue(d!, new Date(d!.dueBy.getTime() + 1))).toBe(true);
  });

  it("the overdue sweep takes a dispute due by yesterday, not one due by the end of today", async () => {
    await setZone(KIRITIMATI);
    const today = todayIn(KIRITIMATI);
    const raise = async (dueDay: string) => {
      const { disputeId } = await raiseDispute({ actor: alpha.head, input: raiseInput({ partyDepartmentIds: [beta.id] }) });
      await db().update(disputes).set({ openedAt: sql`now() - interval '20 days'`, dueBy: lastMomentOf(dueDay, KIRITIMATI) }).where(eq(disputes.id, disputeId));
      return disputeId;
    };
    await db().update(disputes).set({ status: "withdrawn", closedAt: sql`now()`, withdrawnReason: "Cleared before this test." }).where(sql`status in ('open', 'under_review')`);
    const late = await raise(addDays(today, -1));
    await raise(today);
    expect(await runOverdueDisputeSweep()).toBe(1);
    const [marked] = await db().select().from(disputes).where(sql`${disputes.overdueNotifiedAt} is not null and ${disputes.status} = 'open'`);
    expect(marked!.id).toBe(late);
  });
});

describe("days in queries are the company's days", () => {
  it("the journey board as of a day shows the owners at the end of that day in the company's zone", async () => {
    // An assignment recorded at noon UTC on 8 March 2024 (written directly: history of a past
    // day). It is 02:00 on 9 March in Kiritimati, and 01:00 on 8 March in Niue. A past day
    // keeps the check fixed: a day still to come in the company's zone is refused.
    const { journeyId, stageIds } = await makeJourney(cco, 1);
    await db().update(stages).set({ createdAt: new Date("2024-01-01T00:00:00Z") }).where(eq(stages.id, stageIds[0]!));
    await db().insert(ownershipAssignments).values({
      stageId: stageIds[0]!, departmentId: alpha.id, personId: alpha.head.id, raci: "accountable", source: "assigned", byUserId: cco.id, reason: "history",
      validFrom: new Date("2024-03-08T12:00:00Z"),
    });
    await setZone(KIRITIMATI);
    expect((await getJourneyBoard({ journeyId, asOf: "2024-03-08" })).stages[0]!.accountable).toBeNull();
    expect((await getJourneyBoard({ journeyId, asOf: "2024-03-09" })).stages[0]!.accountable).toMatchObject({ departmentId: alpha.id });
    await setZone(NIUE);
    expect((await getJourneyBoard({ journeyId, asOf: "2024-03-07" })).stages[0]!.accountable).toBeNull();
    expect((await getJourneyBoard({ journeyId, asOf: "2024-03-08" })).stages[0]!.accountable).toMatchObject({ departmentId: alpha.id });
  });

  it("the journey board refuses a day that is still to come in the company's zone", async () => {
    const { journeyId } = await alphaStage();
    // At every moment Kiritimati's today is Niue's tomorrow.
    const kiritimatiToday = todayIn(KIRITIMATI);
    await setZone(KIRITIMATI);
    expect((await getJourneyBoard({ journeyId, asOf: kiritimatiToday })).asOf).toBe(kiritimatiToday);
    await setZone(NIUE);
    await expect(getJourneyBoard({ journeyId, asOf: kiritimatiToday })).rejects.toMatchObject({ kind: "invalid", fieldErrors: { asOf: ["Choose today or an earlier day."] } });
  });

  it("audit log dates filter whole days of the company's zone", async () => {
    const mark = await auditMark(db());
    await updateSettings({ actor: admin, input: { disputeSlaDays: 11, staleCheckInDays: 14 } });
    const [event] = await auditSince(db(), mark);
    const day = dateIn(event!.createdAt, KIRITIMATI);
    const found = async (zone: string) => {
      await setZone(zone);
      const { rows } = await listAuditEvents({ actor: admin, filter: { entityType: "settings", from: day, to: day } });
      return rows.some((r) => r.id === event!.id);
    };
    expect(await found(KIRITIMATI)).toBe(true);
    expect(await found(NIUE)).toBe(false);
  });

  it("the dashboard's today and its months are the company's", async () => {
    await setZone(AUCKLAND);
    const data = await getDashboard({}, new Date("2026-02-28T12:00:00Z")); // 01:00 on 1 March in Auckland
    expect(data.today).toBe("2026-03-01");
    expect(data.trends.map((t) => t.month).slice(-2)).toEqual(["2026-02", "2026-03"]);
    await setZone("UTC");
    const utc = await getDashboard({}, new Date("2026-02-28T12:00:00Z"));
    expect(utc.today).toBe("2026-02-28");
    expect(utc.trends.at(-1)!.month).toBe("2026-02");
  });
});
