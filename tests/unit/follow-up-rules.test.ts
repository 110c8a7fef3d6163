import { describe, expect, it } from "vitest";
import { availableSteps, canStep, canWorkOn, FOLLOW_UP_STATUSES, FOLLOW_UP_STEPS, isOverdue, mayAct, NOTE_REQUIRED, STEP_FROM, STEP_TO, type FollowUpStatus } from "@/lib/follow-ups/rules";
import { closeSchema, followUpDisputeSchema, takeActionSchema } from "@/lib/follow-ups/schemas";

const head = { role: "head" as const, departmentId: "d1" };
const member = { role: "member" as const, departmentId: "d1" };
const otherHead = { role: "head" as const, departmentId: "d2" };
const cco = { role: "cco" as const, departmentId: null };
const executive = { role: "executive" as const, departmentId: null };
const admin = { role: "admin" as const, departmentId: null };
const at = (status: FollowUpStatus, departmentId: string | null = "d1") => ({ status, departmentId, departmentName: departmentId ? "Sales" : null });

describe("follow-up transitions", () => {
  it("moves one step at a time: open → acknowledged → action taken → closed → open", () => {
    const path: FollowUpStatus[] = ["open"];
    let s: FollowUpStatus = "open";
    for (const step of ["acknowledge", "take_action", "close", "reopen"] as const) {
      expect(canStep(head, at(s), step)).toEqual({ ok: true });
      s = STEP_TO[step];
      path.push(s);
    }
    expect(path).toEqual(["open", "acknowledged", "action_taken", "closed", "open"]);
  });

  it("allows each step from exactly one status, and says what to do otherwise", () => {
    for (const step of FOLLOW_UP_STEPS) {
      for (const status of FOLLOW_UP_STATUSES) {
        const v = canStep(head, at(status), step);
        expect(v.ok, `${step} from ${status}`).toBe(STEP_FROM[step] === status);
        if (!v.ok) {
          expect(v.code).toBe("conflict");
          expect(v.message.length).toBeGreaterThan(15);
        }
      }
    }
    expect(canStep(head, at("open"), "close")).toMatchObject({ ok: false, message: "Record the action taken before closing this follow-up." });
    expect(canStep(head, at("open"), "take_action")).toMatchObject({ ok: false, message: "Acknowledge this follow-up before recording the action taken." });
    expect(canStep(head, at("acknowledged"), "acknowledge")).toMatchObject({ ok: false, message: "This follow-up is already acknowledged." });
  });

  it("answers 'stale' when the follow-up moved on since the form was loaded", () => {
    expect(canStep(head, at("acknowledged"), "acknowledge", "open")).toMatchObject({ ok: false, code: "stale" });
    expect(canStep(head, at("open"), "acknowledge", "open")).toEqual({ ok: true });
  });

  it("requires a note for the action taken, the close and a reopen", () => {
    expect(NOTE_REQUIRED).toEqual({ acknowledge: false, take_action: true, close: true, reopen: true });
    expect(takeActionSchema.safeParse({ followUpId: "00000000-0000-4000-8000-000000000001", note: "  " }).success).toBe(false);
    expect(closeSchema.safeParse({ followUpId: "00000000-0000-4000-8000-000000000001", note: "Done" }).success).toBe(true);
    expect(followUpDisputeSchema.safeParse({ followUpId: "00000000-0000-4000-8000-000000000001", description: "Not us" }).error?.issues[0]?.message).toBe("Choose the department you think owns this stage.");
  });
});

describe("who may act", () => {
  it("lets the owning department's head and members and the CCO act; others read", () => {
    expect(mayAct(head, at("open")).ok).toBe(true);
    expect(mayAct(member, at("open")).ok).toBe(true);
    expect(mayAct(cco, at("open")).ok).toBe(true);
    expect(mayAct(otherHead, at("open"))).toMatchObject({ ok: false, code: "forbidden", message: "Only Sales's people or the CCO can act on this follow-up." });
    expect(mayAct(executive, at("open"))).toMatchObject({ ok: false, code: "forbidden" });
    expect(mayAct(admin, at("open")).ok).toBe(false);
    expect(availableSteps(executive, at("open"))).toEqual([]);
    expect(availableSteps(member, at("open"))).toEqual(["acknowledge"]);
  });

  it("gives the follow-ups of an unowned stage to the CCO only", () => {
    expect(mayAct(cco, at("open", null)).ok).toBe(true);
    expect(mayAct(head, at("open", null))).toMatchObject({ ok: false, message: expect.stringMatching(/CCO's queue/) });
  });

  it("links goals and raises disputes only while not closed", () => {
    expect(canWorkOn(head, at("action_taken")).ok).toBe(true);
    expect(canWorkOn(head, at("closed"))).toMatchObject({ ok: false, code: "conflict" });
  });

  it("is overdue while not closed past its due time", () => {
    const now = new Date("2026-03-10T12:00:00Z");
    expect(isOverdue({ status: "open", dueAt: new Date("2026-03-10T11:59:00Z") }, now)).toBe(true);
    expect(isOverdue({ status: "closed", dueAt: new Date("2026-03-01T00:00:00Z") }, now)).toBe(false);
    expect(isOverdue({ status: "acknowledged", dueAt: new Date("2026-03-11T00:00:00Z") }, now)).toBe(false);
  });
});
