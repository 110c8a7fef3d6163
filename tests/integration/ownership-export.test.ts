import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as ownershipRoute } from "@/app/api/export/ownership.csv/route";
import { departments, journeys, ownershipAssignments, stages, users } from "@/db/schema";
import type { Actor } from "@/lib/auth/current-user";
import { dayEndsAt, ownershipCsv } from "@/lib/exports";
import { todayIn } from "@/lib/time";
import { csvRecords, parseCsv } from "../helpers/csv";
import { useTestDatabase } from "../helpers/db";
import { actorOf, makeUser } from "../helpers/factories";
import { signInAs } from "../helpers/session";

// "Who was accountable for every stage on day D, since when, how it came about and why",
// read from the append-only ownership history.
const db = useTestDatabase();
const ids = new Map<string, string>();
const id = (k: string) => ids.get(k) ?? ids.set(k, crypto.randomUUID()).get(k)!;
const t = (iso: string) => new Date(iso);
let viewer: Actor;

beforeAll(async () => {
  const d = db();
  await d.insert(departments).values([{ id: id("ops"), name: "Ops" }, { id: id("sales"), name: "Sales" }]);
  await d.insert(users).values([
    { id: id("ana"), email: "ana@own.test", name: "Ana", role: "head", departmentId: id("ops") },
    { id: id("sam"), email: "sam@own.test", name: "Sam", role: "head", departmentId: id("sales") },
    { id: id("cco"), email: "cco@own.test", name: "Cleo CCO", role: "cco" },
  ]);
  viewer = actorOf(await makeUser(d, { role: "member", departmentId: id("ops"), withPassword: false }));
  await d.insert(journeys).values({ id: id("j"), name: "Onboarding", status: "active", createdAt: t("2025-01-01T00:00:00Z") });
  await d.insert(stages).values([
    { id: id("s1"), journeyId: id("j"), position: 1, name: "Sign up", createdAt: t("2025-01-01T00:00:00Z") },
    { id: id("s2"), journeyId: id("j"), position: 2, name: "=Welcome call", createdAt: t("2025-01-01T00:00:00Z") },
    { id: id("s3"), journeyId: id("j"), position: 3, name: "Added later", createdAt: t("2025-06-01T00:00:00Z") },
  ]);
  await d.insert(ownershipAssignments).values([
    // Ops claimed Sign up, then handed it to Sales on 1 March at 10:00.
    { stageId: id("s1"), departmentId: id("ops"), personId: id("ana"), raci: "accountable", source: "claimed", byUserId: id("ana"), reason: "We run sign-ups", validFrom: t("2025-02-01T09:00:00Z"), validTo: t("2025-03-01T10:00:00Z") },
    { stageId: id("s1"), departmentId: id("sales"), personId: id("sam"), raci: "accountable", source: "handed_off", byUserId: id("sam"), reason: "Sales, \"closer\" to new customers", validFrom: t("2025-03-01T10:00:00Z") },
    // A responsible department is not who is accountable.
    { stageId: id("s1"), departmentId: id("ops"), raci: "responsible", source: "assigned", byUserId: id("cco"), reason: "", validFrom: t("2025-03-01T10:00:00Z") },
  ]);
});

const on = async (date: string, extra: Record<string, string> = {}) =>
  (await csvRecords(ownershipCsv(viewer, { date, ...extra }))).map((r) => [r.stage, r.accountable_department, r.accountable_person, r.since, r.until, r.how, r.why, r.recorded_by]);

describe("the ownership-on-a-day export", () => {
  it("a day ends at midnight of the next in the company's zone", () => {
    expect(dayEndsAt("2025-03-01", "UTC").toISOString()).toBe("2025-03-02T00:00:00.000Z");
    expect(dayEndsAt("2024-02-29", "UTC").toISOString()).toBe("2024-03-01T00:00:00.000Z");
    // Auckland is UTC+13 in March (daylight saving time), UTC+12 in July.
    expect(dayEndsAt("2025-03-01", "Pacific/Auckland").toISOString()).toBe("2025-03-01T11:00:00.000Z");
    expect(dayEndsAt("2025-07-01", "Pacific/Auckland").toISOString()).toBe("2025-07-01T12:00:00.000Z");
  });

  it("names who was accountable at the end of the day, since when, how and why; NO OWNER otherwise", async () => {
    expect(await on("2025-01-15")).toEqual([
      ["Sign up", "NO OWNER", "", "", "", "", "", ""],
      ["'=Welcome call", "NO OWNER", "", "", "", "", "", ""],
    ]);
    const ops = ["Sign up", "Ops", "Ana", "2025-02-01T09:00:00.000Z", "2025-03-01T10:00:00.000Z", "claimed", "We run sign-ups", "Ana"];
    expect((await on("2025-02-01"))[0]).toEqual(ops);
    expect((await on("2025-02-28"))[0]).toEqual(ops);
    // The handoff happened during 1 March, so at the end of that day Sales held it.
    const sales = ["Sign up", "Sales", "Sam", "2025-03-01T10:00:00.000Z", "", "handed_off", 'Sales, "closer" to new customers', "Sam"];
    expect((await on("2025-03-01"))[0]).toEqual(sales);
    // A stage created later is not listed before it existed.
    expect((await on("2025-05-31")).map((r) => r[0])).toEqual(["Sign up", "'=Welcome call"]);
    expect((await on(todayIn("UTC"))).map((r) => r[0])).toEqual(["Sign up", "'=Welcome call", "Added later"]);
  });

  it("keeps the journey and department filters", async () => {
    expect(await on("2025-02-28", { departmentId: id("sales") })).toEqual([]);
    expect((await on("2025-03-01", { departmentId: id("sales") })).map((r) => r[0])).toEqual(["Sign up"]);
    expect(await on("2025-03-01", { journeyId: crypto.randomUUID() })).toEqual([]);
    const exp = ownershipCsv(viewer, { date: "2025-03-01" });
    expect(exp.filename).toBe("throughline-ownership-2025-03-01.csv");
    expect(exp.header).toEqual(["on_date", "journey", "stage_position", "stage", "accountable_department", "accountable_person", "since", "until", "how", "why", "recorded_by", "archived_now"]);
  });

  it("refuses a missing, malformed, impossible or future day, with the reason", () => {
    const future = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const refusal = (input: Record<string, unknown>) => {
      try {
        ownershipCsv(viewer, input);
      } catch (e) {
        return { kind: (e as { kind?: string }).kind, date: (e as { fieldErrors?: Record<string, string[]> }).fieldErrors?.date };
      }
      return null;
    };
    expect(refusal({})).toEqual({ kind: "invalid", date: ["Choose a date."] });
    expect(refusal({ date: "1 March" })).toEqual({ kind: "invalid", date: ["Give the date as YYYY-MM-DD, a real calendar day."] });
    expect(refusal({ date: "2025-02-30" })).toEqual({ kind: "invalid", date: ["Give the date as YYYY-MM-DD, a real calendar day."] });
    // The one date parser's year range (lib/time.ts), and the safe-text check before it.
    expect(refusal({ date: "0000-01-01" })).toEqual({ kind: "invalid", date: ["The date must be in a year from 1900 to 9999."] });
    expect(refusal({ date: "2025-03-01\u0000" })).toEqual({ kind: "invalid", date: ["Remove the invisible control character (U+0000) at position 11."] });
    expect(refusal({ date: future })).toEqual({ kind: "invalid", date: ["The date cannot be in the future: ownership is known up to today."] });
    expect(refusal({ date: todayIn("UTC") })).toBeNull();
  });

  it("the download route: 401 signed out, 400 with the reason for a bad day, else the file", async () => {
    const get = (q: string) => ownershipRoute(new Request(`http://localhost/api/export/ownership.csv${q}`));
    signInAs(null);
    expect((await get("?date=2025-03-01")).status).toBe(401);
    signInAs(viewer);
    const bad = await get("?date=2999-01-01");
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: "Choose the day to report on.", fieldErrors: { date: ["The date cannot be in the future: ownership is known up to today."] } });
    const yearZero = await get("?date=0000-01-01");
    expect(yearZero.status).toBe(400);
    expect(((await yearZero.json()) as { fieldErrors: unknown }).fieldErrors).toEqual({ date: ["The date must be in a year from 1900 to 9999."] });
    const ok = await get(`?date=2025-03-01&journeyId=${id("j")}&departmentId=not-a-uuid`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-disposition")).toBe('attachment; filename="throughline-ownership-2025-03-01.csv"');
    const lines = parseCsv((await ok.text()));
    expect(lines.slice(1).map((r) => [r[0], r[3], r[4]])).toEqual([["2025-03-01", "Sign up", "Sales"], ["2025-03-01", "'=Welcome call", "NO OWNER"]]);
  });
});
