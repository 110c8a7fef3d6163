import { AsyncLocalStorage } from "node:async_hooks";
import { describe, expect, it } from "vitest";
import { captureOutsideRequests, outsideRequests, releaseAbortReasonFrames } from "@/lib/request-context";
import { collected } from "../helpers/gc";

// lib/request-context.ts: what a finished web request leaves reachable. The server installs both
// in instrumentation.ts; a probe of 3,000 distinct pages kept 570 finished requests without them.

const als = new AsyncLocalStorage<{ request: string }>();

describe("outsideRequests", () => {
  it("runs the function as it is while no context was captured, then outside every request", () => {
    expect(als.run({ request: "a" }, () => outsideRequests(() => als.getStore()))).toEqual({ request: "a" });
    captureOutsideRequests(); // here, at the top of a test, no store is set: the server's start
    expect(als.run({ request: "b" }, () => outsideRequests(() => als.getStore()))).toBeUndefined();
    expect(als.run({ request: "c" }, () => als.getStore())).toEqual({ request: "c" });
  });

  it("keeps the first capture: a later call made inside a request changes nothing", () => {
    captureOutsideRequests();
    als.run({ request: "d" }, () => captureOutsideRequests());
    expect(als.run({ request: "e" }, () => outsideRequests(() => als.getStore()))).toBeUndefined();
  });

  it("returns what the function returns, promises included", async () => {
    expect(outsideRequests(() => 42)).toBe(42);
    await expect(outsideRequests(async () => "later")).resolves.toBe("later");
  });
});

describe("releaseAbortReasonFrames", () => {
  // React aborts each finished render's cache signal with an Error made inside a setImmediate
  // callback: until its stack is read, V8 keeps that frame's receiver, the Immediate, which links
  // to the Immediates queued after it and their requests.
  const abortInImmediate = (controller: AbortController, reason: unknown) =>
    new Promise<WeakRef<object>>((resolve) => {
      const ref = new WeakRef(setImmediate(() => controller.abort(reason)));
      setImmediate(() => resolve(ref));
    });

  it("lets the callback an Error reason was made in be collected while the signal lives on", async () => {
    releaseAbortReasonFrames();
    const controller = new AbortController();
    const ref = await abortInImmediate(controller, new Error("This render completed successfully."));
    expect(await collected(ref)).toBe(true);
    expect(controller.signal.aborted).toBe(true);
    expect((controller.signal.reason as Error).message).toBe("This render completed successfully.");
    expect((controller.signal.reason as Error).stack).toMatch(/^Error: This render completed successfully\.\n\s+at /);
  });

  it("passes any reason through untouched, and the default one too", async () => {
    releaseAbortReasonFrames();
    releaseAbortReasonFrames(); // a second install wraps nothing twice
    const plain = new AbortController();
    await abortInImmediate(plain, "a string");
    expect(plain.signal.reason).toBe("a string");
    const none = new AbortController();
    const noneRef = await abortInImmediate(none, undefined);
    expect(await collected(noneRef)).toBe(true);
    expect(none.signal.reason).toBeInstanceOf(DOMException);
    expect((none.signal.reason as DOMException).name).toBe("AbortError");
    expect((none.signal.reason as DOMException).message).toBe("This operation was aborted");
    const listened = new AbortController();
    let heard: unknown;
    listened.signal.addEventListener("abort", () => (heard = listened.signal.reason));
    const reason = new TypeError("stop");
    listened.abort(reason);
    expect(heard).toBe(reason);
    expect(AbortController.prototype.abort.name).toBe("abortReleasingFrames");
  });

  it("aborts even when the reason's stack cannot be formatted", () => {
    releaseAbortReasonFrames();
    const prepare = Error.prepareStackTrace;
    Error.prepareStackTrace = () => {
      throw new Error("no stack today");
    };
    try {
      const controller = new AbortController();
      const reason = new Error("stop");
      controller.abort(reason);
      expect(controller.signal.aborted).toBe(true);
      expect(controller.signal.reason).toBe(reason);
    } finally {
      Error.prepareStackTrace = prepare;
    }
  });
});
