import { describe, expect, it } from "vitest";
import { ROLES } from "@/lib/permissions";
import {
  alreadyOwnedMessage,
  answersAsReceivingHead,
  canCancelHandoff,
  canClaim,
  canOfferStage,
  canProposeHandoff,
  canRespondToHandoff,
  handoffStillValid,
  mayPickAccountablePerson,
  needsOwner,
  ownershipFlags,
  type HandoffState,
  type OwnershipFlag,
  type RuleActor,
  type StageState,
} from "@/lib/ownership/rules";

const A = { departmentId: "dep-a", departmentName: "Alpha" };
const B = { departmentId: "dep-b", departmentName: "Beta" };
const C = "dep-c";

const actors = {
  headA: { id: "u-head-a", role: "head", departmentId: A.departmentId },
  headA2: { id: "u-head-a2", role: "head", departmentId: A.departmentId },
  headB: { id: "u-head-b", role: "head", departmentId: B.departmentId },
  headC: { id: "u-head-c", role: "head", departmentId: C },
  headless: { id: "u-head-x", role: "head", departmentId: null },
  memberA: { id: "u-member-a", role: "member", departmentId: A.departmentId },
  memberB: { id: "u-member-b", role: "member", departmentId: B.departmentId },
  cco: { id: "u-cco", role: "cco", departmentId: null },
  admin: { id: "u-admin", role: "admin", departmentId: null },
  executive: { id: "u-exec", role: "executive", departmentId: null },
} satisfies Record<string, RuleActor>;
type ActorName = keyof typeof actors;

const live: StageState = { archived: false, journeyArchived: false, accountable: null, pendingHandoff: null };
const stage = (over: Partial<StageState> = {}): StageState => ({ ...live, ...over });
const ownedByA = stage({ accountable: A });
const ownedByB = stage({ accountable: B });

const JOURNEY_ARCHIVED = "This journey is archived; its stages cannot change owner.";
const STAGE_ARCHIVED = "This stage is archived; it cannot change owner.";
const ok = { ok: true };
const no = (code: string, message: string) => ({ ok: false, code, message });

describe("canClaim (rule 2: a head claims only an unowned stage, for their own department)", () => {
  const ONLY_HEADS = "Only a department head can claim a stage.";
  const cases: [string, ActorName, StageState, object][] = [
    ["an unowned live stage", "headA", live, ok],
    ["a stage its own department owns", "headA", ownedByA, no("conflict", "Your department already owns this stage.")],
    ["a stage another department owns (who owns it travels as typed detail)", "headA", ownedByB, { ...no("conflict", alreadyOwnedMessage("Beta")), detail: { reason: "already_owned", ...B } }],
    ["an archived stage", "headA", stage({ archived: true }), no("conflict", STAGE_ARCHIVED)],
    ["a stage of an archived journey", "headA", stage({ journeyArchived: true }), no("conflict", JOURNEY_ARCHIVED)],
    ["an archived, owned stage (archived is said first)", "headA", stage({ archived: true, accountable: B }), no("conflict", STAGE_ARCHIVED)],
    ["as a head without a department", "headless", live, no("forbidden", ONLY_HEADS)],
    ["as the CCO", "cco", live, no("forbidden", ONLY_HEADS)],
    ["as a member", "memberA", live, no("forbidden", ONLY_HEADS)],
    ["as an admin", "admin", live, no("forbidden", ONLY_HEADS)],
    ["as an executive", "executive", live, no("forbidden", ONLY_HEADS)],
    ["as a member, of an archived journey (role is said first)", "memberA", stage({ journeyArchived: true }), no("forbidden", ONLY_HEADS)],
  ];
  it.each(cases)("%s (%s)", (_what, actor, state, expected) => {
    expect(canClaim(actors[actor], state)).toEqual(expected);
  });

  it("names the owner in the refusal and points to a dispute", () => {
    expect(alreadyOwnedMessage("Customer Service")).toBe(
      "This stage is already owned by Customer Service. If you think it should be yours, raise an ownership dispute.",
    );
  });

  it("allows exactly: a head with a department, on a live unowned stage (every combination)", () => {
    const departmentsOf = [A.departmentId, B.departmentId, null];
    const owners = [null, A, B];
    for (const role of ROLES) {
      for (const departmentId of departmentsOf) {
        for (const archived of [false, true]) {
          for (const journeyArchived of [false, true]) {
            for (const accountable of owners) {
              for (const pendingHandoff of [null, { id: "h", toDepartmentId: C }]) {
                const verdict = canClaim({ id: "x", role, departmentId }, { archived, journeyArchived, accountable, pendingHandoff });
                const expected = role === "head" && departmentId !== null && !archived && !journeyArchived && accountable === null;
                expect(verdict.ok, JSON.stringify({ role, departmentId, archived, journeyArchived, accountable })).toBe(expected);
              }
            }
          }
        }
      }
    }
  });
});

describe("canProposeHandoff", () => {
  const NO_OWNER = "This stage has no owner to hand it off; claim or assign it instead.";
  const NOT_OWNING_HEAD = "Only the head of the department that owns this stage can hand it off.";
  const ROLE = "Only the owning department's head or the CCO can hand off a stage.";
  const PENDING = "A handoff of this stage is already pending; it must be answered or cancelled first.";
  const withPending = stage({ accountable: A, pendingHandoff: { id: "h", toDepartmentId: B.departmentId } });
  const cases: [string, ActorName, StageState, string, object][] = [
    ["the owning head offers to another department", "headA", ownedByA, B.departmentId, ok],
    ["the CCO offers any owned stage", "cco", ownedByA, C, ok],
    ["a head of another department", "headB", ownedByA, C, no("forbidden", NOT_OWNING_HEAD)],
    ["the receiving head cannot pull the stage to itself", "headB", ownedByA, B.departmentId, no("forbidden", NOT_OWNING_HEAD)],
    ["a member of the owning department", "memberA", ownedByA, B.departmentId, no("forbidden", ROLE)],
    ["an admin", "admin", ownedByA, B.departmentId, no("forbidden", ROLE)],
    ["an executive", "executive", ownedByA, B.departmentId, no("forbidden", ROLE)],
    ["an unowned stage", "headA", live, B.departmentId, no("conflict", NO_OWNER)],
    ["an unowned stage, even for the CCO", "cco", live, B.departmentId, no("conflict", NO_OWNER)],
    ["to the department that already owns it", "headA", ownedByA, A.departmentId, no("invalid", "Choose a different department from the current owner.")],
    ["while another handoff is pending", "headA", withPending, C, no("conflict", PENDING)],
    ["while another handoff is pending, even for the CCO", "cco", withPending, C, no("conflict", PENDING)],
    ["an archived stage", "headA", stage({ archived: true, accountable: A }), B.departmentId, no("conflict", STAGE_ARCHIVED)],
    ["a stage of an archived journey", "cco", stage({ journeyArchived: true, accountable: A }), B.departmentId, no("conflict", JOURNEY_ARCHIVED)],
  ];
  it.each(cases)("%s (%s)", (_what, actor, state, to, expected) => {
    expect(canProposeHandoff(actors[actor], state, to)).toEqual(expected);
  });
});

describe("canOfferStage (what the stage page asks before showing the handoff form)", () => {
  it("agrees with canProposeHandoff for every actor and state, whatever the destination", () => {
    const states = [live, ownedByA, ownedByB, stage({ accountable: A, pendingHandoff: { id: "h", toDepartmentId: C } }), stage({ archived: true, accountable: A })];
    for (const actor of Object.values(actors)) {
      for (const state of states) {
        const offer = canOfferStage(actor, state);
        // An offer the page shows is one the command accepts for some other department, and vice versa.
        expect(offer.ok, `${actor.id}`).toBe(canProposeHandoff(actor, state, C).ok || canProposeHandoff(actor, state, B.departmentId).ok);
        if (!offer.ok) expect(canProposeHandoff(actor, state, C)).toEqual(offer);
      }
    }
  });
});

const handoff = (over: Partial<HandoffState> = {}): HandoffState => ({
  status: "pending",
  fromDepartmentId: A.departmentId,
  toDepartmentId: B.departmentId,
  proposedById: actors.headA.id,
  ...over,
});
const ANSWERED = ["accepted", "declined", "cancelled", "expired"] as const;

describe("canRespondToHandoff (accept or decline)", () => {
  const RECEIVER_ONLY = "Only the head of the receiving department can answer this handoff.";
  const cases: [string, ActorName, object][] = [
    ["the receiving head", "headB", ok],
    ["the CCO (forcing the answer)", "cco", ok],
    ["the proposing head", "headA", no("forbidden", RECEIVER_ONLY)],
    ["a head of an uninvolved department", "headC", no("forbidden", RECEIVER_ONLY)],
    ["a member of the receiving department", "memberB", no("forbidden", RECEIVER_ONLY)],
    ["an admin", "admin", no("forbidden", RECEIVER_ONLY)],
    ["an executive", "executive", no("forbidden", RECEIVER_ONLY)],
  ];
  it.each(cases)("a pending handoff, answered by %s (%s)", (_what, actor, expected) => {
    expect(canRespondToHandoff(actors[actor], handoff())).toEqual(expected);
  });

  it.each(ANSWERED)("a handoff already %s cannot be answered again, not even by the CCO", (status) => {
    for (const actor of [actors.headB, actors.cco]) {
      expect(canRespondToHandoff(actor, handoff({ status }))).toEqual(no("conflict", `This handoff is already ${status}.`));
    }
  });
});

describe("canCancelHandoff", () => {
  const PROPOSER_ONLY = "Only the person who proposed this handoff, or the CCO, can cancel it.";
  const cases: [string, ActorName, object][] = [
    ["the proposer", "headA", ok],
    ["the CCO", "cco", ok],
    ["another head of the proposing department", "headA2", no("forbidden", PROPOSER_ONLY)],
    ["the receiving head", "headB", no("forbidden", PROPOSER_ONLY)],
    ["a member", "memberA", no("forbidden", PROPOSER_ONLY)],
    ["an admin", "admin", no("forbidden", PROPOSER_ONLY)],
  ];
  it.each(cases)("a pending handoff, cancelled by %s (%s)", (_what, actor, expected) => {
    expect(canCancelHandoff(actors[actor], handoff())).toEqual(expected);
  });

  it("a CCO-proposed handoff is cancellable by that CCO but not by the owning head", () => {
    const h = handoff({ proposedById: actors.cco.id });
    expect(canCancelHandoff(actors.cco, h)).toEqual(ok);
    expect(canCancelHandoff(actors.headA, h)).toEqual(no("forbidden", PROPOSER_ONLY));
  });

  it.each(ANSWERED)("a handoff already %s cannot be cancelled, not even by its proposer", (status) => {
    for (const actor of [actors.headA, actors.cco]) {
      expect(canCancelHandoff(actor, handoff({ status }))).toEqual(no("conflict", `This handoff is already ${status}.`));
    }
  });
});

describe("who answers a handoff, and who may pick an accountable person", () => {
  it("only the receiving department's own head answers as the receiver; the CCO answers in its place", () => {
    expect(answersAsReceivingHead(actors.headB, handoff())).toBe(true);
    for (const a of [actors.cco, actors.headA, actors.memberB, actors.headC]) expect(answersAsReceivingHead(a, handoff()), a.id).toBe(false);
  });

  it("only the CCO (who assigns and decides) sees every department's people to pick one", () => {
    expect(ROLES.filter((role) => mayPickAccountablePerson({ role }))).toEqual(["cco"]);
  });
});

describe("handoffStillValid", () => {
  it.each([
    ["the proposing department still owns the stage", ownedByA, true],
    ["another department owns it now", ownedByB, false],
    ["nobody owns it now", live, false],
  ] as const)("%s → %s", (_what, state, expected) => {
    expect(handoffStillValid(handoff(), state)).toBe(expected);
  });
});

describe("ownershipFlags and needsOwner (rule 7: orphans are never silent)", () => {
  type Facts = Parameters<typeof ownershipFlags>[0];
  const base: Facts = { hasAccountable: true, accountablePersonActive: true, accountableDepartmentArchived: false, pendingHandoff: false };
  const cases: [string, Partial<Facts>, OwnershipFlag[], boolean][] = [
    ["owned by an active person of a live department", {}, [], false],
    ["no accountable owner", { hasAccountable: false, accountablePersonActive: null, accountableDepartmentArchived: null }, ["unowned"], true],
    ["no owner: stale person/department facts are ignored", { hasAccountable: false, accountablePersonActive: false, accountableDepartmentArchived: true }, ["unowned"], true],
    ["the accountable person was deactivated", { accountablePersonActive: false }, ["owner_inactive"], true],
    ["the owning department was archived", { accountableDepartmentArchived: true }, ["department_archived"], true],
    ["both", { accountablePersonActive: false, accountableDepartmentArchived: true }, ["owner_inactive", "department_archived"], true],
    ["unknown person state is not 'inactive'", { accountablePersonActive: null, accountableDepartmentArchived: null }, [], false],
    ["a pending handoff alone does not need an owner", { pendingHandoff: true }, ["handoff_pending"], false],
    ["unowned with a pending handoff", { hasAccountable: false, pendingHandoff: true }, ["unowned", "handoff_pending"], true],
    ["a dispute alone does not need an owner", { disputed: true }, ["disputed"], false],
    ["orphaned, offered and disputed", { accountablePersonActive: false, pendingHandoff: true, disputed: true }, ["owner_inactive", "handoff_pending", "disputed"], true],
  ];
  it.each(cases)("%s", (_what, over, flags, needs) => {
    const got = ownershipFlags({ ...base, ...over });
    expect(got).toEqual(flags);
    expect(needsOwner(got)).toBe(needs);
  });

  it("needsOwner reads only the ownership flags", () => {
    expect(needsOwner([])).toBe(false);
    expect(needsOwner(["handoff_pending", "disputed"])).toBe(false);
    for (const f of ["unowned", "owner_inactive", "department_archived"] as const) expect(needsOwner([f])).toBe(true);
  });
});
