import { describe, expect, it, vi } from "vitest";
import { MAX_AGE_MS, shelf } from "@/lib/data-version";

const at = new Date("2026-12-07T12:00:00Z");
const later = (ms: number) => new Date(at.getTime() + ms);
const dbError = (message: string, code: string) => Object.assign(new Error(message), { code });

/**
 * `views` simultaneous views of one key whose first computation fails with `error` once they all
 * wait on it; any later computation answers 1 at once. Returns each view's outcome and the computer.
 */
async function viewsOfAFailure(views: number, error: Error) {
  const s = shelf<number>(4);
  let fail!: (e: Error) => void;
  const make = vi.fn(() => (make.mock.calls.length === 1 ? new Promise<number>((_, reject) => (fail = reject)) : Promise.resolve(1)));
  const pending = Array.from({ length: views }, () => s.get("k", { version: "7" }, at, make));
  fail(error);
  return { s, make, outcomes: await Promise.allSettled(pending) };
}

describe("a shelf of held values", () => {
  it("shares one computation between simultaneous views, and the database's refusal too", async () => {
    const { s, make, outcomes } = await viewsOfAFailure(20, dbError("canceling statement due to statement timeout", "57014"));
    expect(make).toHaveBeenCalledTimes(1);
    expect(outcomes.every((o) => o.status === "rejected")).toBe(true);
    // The failure is not held: the next view computes anew.
    const again = vi.fn(async () => 42);
    await expect(s.get("k", { version: "7" }, at, again)).resolves.toEqual({ value: 42, computedAt: at });
    expect(again).toHaveBeenCalledTimes(1);
  });

  it("lets each waiting view compute anew after any other failure (it may not happen twice)", async () => {
    const { make, outcomes } = await viewsOfAFailure(5, dbError("could not serialize access", "40001"));
    expect(outcomes.map((o) => o.status)).toEqual(["rejected", "fulfilled", "fulfilled", "fulfilled", "fulfilled"]);
    expect(make).toHaveBeenCalledTimes(5);
  });

  it("serves a value while its stamp holds and it is younger than MAX_AGE_MS", async () => {
    const s = shelf<number>(4);
    let n = 0;
    const make = async () => ++n;
    expect((await s.get("k", { version: "1" }, at, make)).value).toBe(1);
    expect((await s.get("k", { version: "1" }, later(MAX_AGE_MS - 1), make)).value).toBe(1);
    expect((await s.get("k", { version: "2" }, later(MAX_AGE_MS - 1), make)).value).toBe(2);
    expect((await s.get("k", { version: "2", day: "2026-12-08" }, later(MAX_AGE_MS - 1), make)).value).toBe(3);
    expect((await s.get("k", { version: "2", day: "2026-12-08" }, later(2 * MAX_AGE_MS), make)).value).toBe(4);
  });

  it("keeps at most its size, dropping the oldest first", async () => {
    const s = shelf<string>(2);
    const make = vi.fn(async () => "v");
    for (const key of ["a", "b", "c"]) await s.get(key, { version: "1" }, at, make);
    await s.get("c", { version: "1" }, at, make);
    await s.get("b", { version: "1" }, at, make);
    expect(make).toHaveBeenCalledTimes(3);
    await s.get("a", { version: "1" }, at, make);
    expect(make).toHaveBeenCalledTimes(4);
  });
});
