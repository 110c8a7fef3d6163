import { describe, expect, it } from "vitest";
import { canClaim, decidedOwnerMessage, mergeRaciEffect, raciSetFromEntries, sameRaciSet, type RaciSet } from "@/lib/ownership/rules";

// The rule a decision's RACI effect follows (lib/ownership/rules.ts): what the CCO changed in
// the pre-filled form is applied to the stage's RACI as it is now; what they left alone is kept.

const OPS = "00000000-0000-4000-8000-00000000000a";
const SALES = "00000000-0000-4000-8000-00000000000b";
const FIN = "00000000-0000-4000-8000-00000000000c";
const CS = "00000000-0000-4000-8000-00000000000d";
const LEGAL = "00000000-0000-4000-8000-00000000000e";
const opsHead = "10000000-0000-4000-8000-00000000000a";
const opsOther = "10000000-0000-4000-8000-0000000000aa";
const salesHead = "10000000-0000-4000-8000-00000000000b";

const raci = (over: Partial<RaciSet> = {}): RaciSet => ({ accountable: { departmentId: OPS, personId: opsHead }, responsible: [], consulted: [], informed: [], ...over });
const owned = (s: RaciSet) => s as RaciSet & { accountable: NonNullable<RaciSet["accountable"]> };

describe("mergeRaciEffect", () => {
  it("reassigning the accountable owner keeps every other department's role; the old owner drops unless given one", () => {
    const current = raci({ responsible: [CS], consulted: [FIN], informed: [LEGAL] });
    const desired = owned(raci({ accountable: { departmentId: SALES, personId: salesHead }, responsible: [CS], consulted: [FIN], informed: [LEGAL] }));
    expect(mergeRaciEffect({ current, basis: current, desired })).toEqual({ ok: true, result: desired });
    const keepOps = owned({ ...desired, informed: [LEGAL, OPS].sort() });
    expect(mergeRaciEffect({ current, basis: current, desired: keepOps })).toEqual({ ok: true, result: keepOps });
  });

  it("“Sales is Consulted” is applied and nothing else moves", () => {
    const current = raci({ responsible: [CS], informed: [LEGAL] });
    const desired = owned(raci({ responsible: [CS], consulted: [SALES], informed: [LEGAL] }));
    const merged = mergeRaciEffect({ current, basis: current, desired });
    expect(merged).toEqual({ ok: true, result: desired });
  });

  it("a department that held R/C/I and becomes accountable gives its old role up", () => {
    const current = raci({ consulted: [SALES], informed: [LEGAL] });
    const desired = owned(raci({ accountable: { departmentId: SALES, personId: salesHead }, informed: [LEGAL] }));
    expect(mergeRaciEffect({ current, basis: current, desired })).toEqual({ ok: true, result: desired });
  });

  it("a new accountable person in the same department is a change", () => {
    const current = raci({ informed: [LEGAL] });
    const desired = owned(raci({ accountable: { departmentId: OPS, personId: opsOther }, informed: [LEGAL] }));
    const merged = mergeRaciEffect({ current, basis: current, desired });
    expect(merged.ok && merged.result.accountable).toEqual({ departmentId: OPS, personId: opsOther });
  });

  it("roles given or changed by someone else while the form was open are kept, unless the CCO changed that department too", () => {
    const basis = raci({ responsible: [CS] });
    // Meanwhile: Legal made Informed, Finance made Responsible.
    const current = raci({ responsible: [CS, FIN].sort(), informed: [LEGAL] });
    // The CCO: Sales Consulted, Customer Service no longer Responsible.
    const desired = owned(raci({ consulted: [SALES] }));
    expect(mergeRaciEffect({ current, basis, desired })).toEqual({ ok: true, result: raci({ responsible: [FIN], consulted: [SALES], informed: [LEGAL] }) });
    // The CCO also set Legal to Consulted: their explicit choice wins over the concurrent one.
    const desired2 = owned(raci({ consulted: [SALES, LEGAL].sort() }));
    expect(mergeRaciEffect({ current, basis, desired: desired2 })).toEqual({ ok: true, result: raci({ responsible: [FIN], consulted: [SALES, LEGAL].sort() }) });
  });

  it("without a basis the desired RACI is taken whole", () => {
    const current = raci({ responsible: [CS], informed: [LEGAL] });
    const desired = owned(raci({ accountable: { departmentId: SALES, personId: salesHead } }));
    expect(mergeRaciEffect({ current, basis: null, desired })).toEqual({ ok: true, result: desired });
  });

  it("an unowned stage gets its first owner", () => {
    const current: RaciSet = { accountable: null, responsible: [], consulted: [FIN], informed: [] };
    const desired = owned(raci({ consulted: [FIN] }));
    expect(mergeRaciEffect({ current, basis: current, desired })).toEqual({ ok: true, result: desired });
  });

  it("is refused as stale when the accountable owner changed since the form was filled", () => {
    const basis = raci();
    const current = raci({ accountable: { departmentId: FIN, personId: opsOther } });
    const merged = mergeRaciEffect({ current, basis, desired: owned(raci({ consulted: [SALES] })) });
    expect(merged).toEqual({ ok: false, code: "stale", message: expect.stringMatching(/accountable owner changed after this form was opened/) });
  });

  it("the result always has exactly one accountable department and one role per department", () => {
    const deps = [OPS, SALES, FIN, CS, LEGAL];
    const roles = ["none", "responsible", "consulted", "informed"] as const;
    const pick = (seed: number): RaciSet => {
      const s: RaciSet = { accountable: { departmentId: deps[seed % 5]!, personId: opsHead }, responsible: [], consulted: [], informed: [] };
      deps.forEach((d, i) => {
        const r = roles[(seed >> (i * 2)) & 3]!;
        if (r !== "none" && d !== s.accountable!.departmentId) s[r].push(d);
      });
      return s;
    };
    for (let a = 0; a < 400; a += 7) {
      for (let b = 0; b < 400; b += 13) {
        const current = pick(a);
        const desired = owned(pick(b));
        const merged = mergeRaciEffect({ current, basis: current, desired });
        expect(merged.ok).toBe(true);
        if (!merged.ok) continue;
        expect(sameRaciSet(merged.result, desired)).toBe(true);
        const all = [merged.result.accountable.departmentId, ...merged.result.responsible, ...merged.result.consulted, ...merged.result.informed];
        expect(new Set(all).size).toBe(all.length);
      }
    }
  });
});

describe("raciSetFromEntries and sameRaciSet", () => {
  it("reads current rows as one set, order aside", () => {
    const set = raciSetFromEntries([
      { departmentId: LEGAL, raci: "informed", personId: null },
      { departmentId: OPS, raci: "accountable", personId: opsHead },
      { departmentId: CS, raci: "informed", personId: null },
    ]);
    expect(set).toEqual(raci({ informed: [CS, LEGAL].sort() }));
    expect(sameRaciSet(set, raci({ informed: [LEGAL, CS] }))).toBe(true);
    expect(sameRaciSet(set, raci({ informed: [LEGAL] }))).toBe(false);
    expect(sameRaciSet(set, raci({ accountable: { departmentId: OPS, personId: opsOther }, informed: [CS, LEGAL] }))).toBe(false);
  });
});

describe("a claim on a stage whose ownership a decision settled", () => {
  it("does not invite another dispute", () => {
    const verdict = canClaim(
      { id: "u", role: "head", departmentId: SALES },
      { archived: false, journeyArchived: false, accountable: { departmentId: OPS, departmentName: "Operations", settledByDecision: true }, pendingHandoff: null },
    );
    expect(verdict).toEqual({ ok: false, code: "conflict", message: decidedOwnerMessage("Operations") });
    expect(decidedOwnerMessage("Operations")).not.toMatch(/raise/i);
  });
});
