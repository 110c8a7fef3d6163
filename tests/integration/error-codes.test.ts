import crypto from "node:crypto";
import { sql } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { assignOwnershipAction, claimStageAction, createJourneyAction, moveStageAction, archiveJourneyAction } from "@/app/(app)/journeys/actions";
import { SIGNED_OUT_ERROR, UNEXPECTED_ERROR, type ActionResult } from "@/lib/actions";
import type { Actor } from "@/lib/auth/current-user";
import { GENERIC_SIGN_IN_ERROR, LOCKED_SIGN_IN_ERROR, signInWithPassword } from "@/lib/auth/session-actions";
import { SIGN_IN_MAX_FAILURES } from "@/lib/auth/throttle";
import { CONCURRENT_CHANGE_ERROR, type ErrorKind } from "@/lib/errors";
import { STALE_ORDER } from "@/lib/journeys/commands";
import { alreadyOwnedMessage } from "@/lib/ownership/rules";
import { asOwner, rows, useTestDatabase } from "../helpers/db";
import { makeCast, makeUser } from "../helpers/factories";
import { assignInput, expectUnchanged, makeHeadedDepartment, makeJourney, type HeadedDepartment } from "../helpers/ownership-fixtures";
import { signInAs } from "../helpers/session";

// Every error kind comes back, as `code`, from a real server action and the command behind it
// (not from a hand-built error), so a component or the API can branch on it.

// Auth.js cannot load outside Next (its ESM build imports "next/server" without an extension).
// These stand-ins behave as its credentials provider does: the real credentials check and
// throttle run, and a refusal is thrown as the AuthError the sign-in action expects.
vi.mock("next-auth", () => {
  class AuthError extends Error {
    type = "AuthError";
  }
  class CredentialsSignin extends AuthError {
    type = "CredentialsSignin";
    code = "credentials";
  }
  return { AuthError, CredentialsSignin };
});
vi.mock("@/lib/auth/config", async () => {
  const { CredentialsSignin } = (await import("next-auth")) as unknown as { CredentialsSignin: new () => Error & { code: string } };
  const { verifyCredentials } = await import("@/lib/auth/credentials");
  return {
    auth: vi.fn(async () => null),
    signOut: vi.fn(),
    signIn: vi.fn(async (_provider: string, input: { email: string; password: string }) => {
      const result = await verifyCredentials(input);
      if (result.ok) throw new Error("this test only signs in with wrong passwords");
      throw Object.assign(new CredentialsSignin(), result.reason === "locked" ? { code: "locked" } : {});
    }),
  };
});

const db = useTestDatabase();
type Refusal = Extract<ActionResult<unknown>, { ok: false }>;

let cco: Actor;
let member: Actor;
let owner: HeadedDepartment;
let other: HeadedDepartment;
beforeAll(async () => {
  const cast = await makeCast(db());
  cco = cast.actors.cco;
  member = cast.actors.member;
  owner = await makeHeadedDepartment(db());
  other = await makeHeadedDepartment(db());
});
afterEach(() => signInAs(null));

/** Runs the action as `actor`, asserts it refused with `code` and wrote nothing, and returns the refusal. */
async function refused(actor: Actor | null, code: ErrorKind, run: () => Promise<ActionResult<unknown>>): Promise<Refusal> {
  signInAs(actor);
  const result = await expectUnchanged(db(), run);
  expect(result, JSON.stringify(result)).toMatchObject({ ok: false, code });
  return result as Refusal;
}

const journeyInput = () => ({ name: `Journey ${crypto.randomBytes(4).toString("hex")}`, description: "", segment: "", status: "active" as const });

describe("each error kind from a real action", () => {
  it("invalid: every field error, code invalid", async () => {
    const r = await refused(cco, "invalid", () => createJourneyAction(null, { ...journeyInput(), name: " " }));
    expect(r.fieldErrors).toHaveProperty("name");
  });

  it("forbidden: a role without the capability, and a role with it that the domain rule refuses", async () => {
    await refused(member, "forbidden", () => createJourneyAction(null, journeyInput()));
    const { stageIds } = await makeJourney(cco, 1);
    await refused(cco, "forbidden", () => claimStageAction(null, { stageId: stageIds[0]!, reason: "" }));
  });

  it("not_found: a journey that does not exist", async () => {
    const r = await refused(cco, "not_found", () => archiveJourneyAction(null, { journeyId: crypto.randomUUID(), reason: "" }));
    expect(r.error).toBe("That journey was not found.");
  });

  it("conflict with typed detail: a stage already owned names its owner without anyone parsing the sentence", async () => {
    const { stageIds } = await makeJourney(cco, 1);
    signInAs(cco);
    expect(await assignOwnershipAction(null, assignInput(stageIds[0]!, owner))).toMatchObject({ ok: true });
    const r = await refused(other.head, "conflict", () => claimStageAction(null, { stageId: stageIds[0]!, reason: "" }));
    expect(r).toEqual({ ok: false, code: "conflict", error: alreadyOwnedMessage(owner.name), fieldErrors: {}, detail: { reason: "already_owned", departmentId: owner.id, departmentName: owner.name } });
    const same = await refused(cco, "conflict", () => assignOwnershipAction(null, assignInput(stageIds[0]!, owner)));
    expect(same.detail).toEqual({ reason: "unchanged" });
  });

  it("stale: a move from a view whose order has changed since", async () => {
    const { stageIds } = await makeJourney(cco, 2);
    signInAs(cco);
    expect(await moveStageAction(null, { stageId: stageIds[1]!, direction: "up", expectedPosition: 2 })).toMatchObject({ ok: true });
    const r = await refused(cco, "stale", () => moveStageAction(null, { stageId: stageIds[1]!, direction: "up", expectedPosition: 2 }));
    expect(r.error).toBe(STALE_ORDER);
  });

  it("unauthenticated when signed out; a wrong password at sign-in is invalid credentials (no \"sign in again\" offered on the sign-in page)", async () => {
    const r = await refused(null, "unauthenticated", () => createJourneyAction(null, journeyInput()));
    expect(r.error).toBe(SIGNED_OUT_ERROR);
    const u = await makeUser(db(), { role: "executive" });
    const form = new FormData();
    form.set("email", u.email);
    form.set("password", "not the password at all");
    expect(await signInWithPassword(form)).toEqual({ ok: false, code: "invalid", error: GENERIC_SIGN_IN_ERROR, fieldErrors: {} });
  });

  it("rate_limited: sign-in after too many failures for the email", async () => {
    const u = await makeUser(db(), { role: "executive" });
    const form = new FormData();
    form.set("email", u.email);
    form.set("password", "not the password at all");
    for (let i = 1; i < SIGN_IN_MAX_FAILURES; i++) expect(await signInWithPassword(form)).toMatchObject({ ok: false, code: "invalid" });
    // The failure that reaches the limit is already answered as locked, and so is every later try.
    for (let i = 0; i < 2; i++) expect(await signInWithPassword(form)).toEqual({ ok: false, code: "rate_limited", error: LOCKED_SIGN_IN_ERROR, fieldErrors: {} });
  });

  /** Installs a trigger on journeys that aborts every insert with `errcode`, counting the attempts. */
  async function abortJourneyInserts(errcode: string, run: () => Promise<void>) {
    // The sequence is not rolled back with the aborted attempt, so it counts them. Schema
    // changes need the owner: requests run as a role that may not make them.
    await asOwner((owner) => owner.execute(sql.raw("create sequence tl_test_attempts")));
    await asOwner((owner) => owner.execute(sql.raw(`create function tl_test_abort() returns trigger language plpgsql as $$
      begin perform nextval('tl_test_attempts'); raise exception 'aborted by the test' using errcode = '${errcode}'; end $$`)));
    await asOwner((owner) => owner.execute(sql.raw("create trigger tl_test_abort before insert on journeys for each row execute function tl_test_abort()")));
    try {
      await run();
    } finally {
      await asOwner(async (owner) => {
        await owner.execute(sql.raw("drop trigger tl_test_abort on journeys"));
        await owner.execute(sql.raw("drop function tl_test_abort()"));
        await owner.execute(sql.raw("drop sequence tl_test_attempts"));
      });
    }
  }
  const attempts = async () => (await rows<{ n: number }>(db(), sql`select last_value::int as n from tl_test_attempts`))[0]!.n;

  it("conflict, not 'something went wrong': a transaction PostgreSQL keeps aborting for a concurrent change", async () => {
    for (const errcode of ["40001", "40P01"]) {
      await abortJourneyInserts(errcode, async () => {
        const r = await refused(cco, "conflict", () => createJourneyAction(null, journeyInput()));
        expect(r.error).toBe(CONCURRENT_CHANGE_ERROR);
        expect(await attempts(), "retried, then answered").toBe(5);
      });
    }
  });

  it("unavailable: the database fails in a way no retry mends; the caller gets a plain sentence, nothing more", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      // XX000, an internal error: no retry mends it. (A server shutting down, 57P01, gets the
      // "database is unavailable" sentence instead: tests/unit/unavailable.test.ts.)
      await abortJourneyInserts("XX000", async () => {
        const r = await refused(cco, "unavailable", () => createJourneyAction(null, journeyInput()));
        expect(r).toEqual({ ok: false, code: "unavailable", error: UNEXPECTED_ERROR, fieldErrors: {} });
        expect(await attempts(), "not retried").toBe(1);
      });
      expect(log).toHaveBeenCalled();
    } finally {
      log.mockRestore();
    }
  });
});
