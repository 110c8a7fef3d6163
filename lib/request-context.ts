import { AsyncLocalStorage } from "node:async_hooks";
import { types } from "node:util";

/**
 * A way to run code outside every web request's async context, captured once when the server
 * starts (instrumentation.ts) before any request exists.
 *
 * Anything long-lived that is created while a request runs (a pooled database connection's
 * socket, its timers, a promise a cache keeps) carries that request's AsyncLocalStorage stores,
 * Next.js's and React's included, and keeps the whole finished request reachable for as long as
 * it lives. postgres.js opens pool slots lazily, inside whichever query needs one, so
 * scripts/patch-postgres.mjs makes its connect() go through the runner kept here.
 *
 * The runner sits on globalThis under a registered symbol: Next.js bundles instrumentation,
 * pages and route handlers separately, each with its own copy of this module and of postgres.js.
 */
const KEY = Symbol.for("throughline.outsideRequests");

type Runner = <R>(fn: () => R) => R;
const slot = globalThis as { [KEY]?: Runner };

/**
 * Captures the current context as "outside requests". Call only where no request runs: under
 * `next start` instrumentation's register() runs as the server is constructed, before it listens.
 * (Under `next dev` it may run inside the first request, which would then stay in memory; dev
 * only.)
 */
export function captureOutsideRequests(): void {
  slot[KEY] ??= AsyncLocalStorage.snapshot() as Runner;
}

/** Runs fn outside every request's context when one was captured, else as it is. */
export function outsideRequests<R>(fn: () => R): R {
  const run = slot[KEY];
  return run ? run(fn) : fn();
}

const ABORT_KEY = Symbol.for("throughline.abortFramesReleased");

/**
 * Makes AbortController.abort(reason) format an Error reason's stack straight away.
 *
 * V8 keeps an error's stack unformatted until someone reads `.stack`, and until then it holds
 * every frame's receiver and function. React aborts each finished render's cache signal with a
 * new Error ("This render completed successfully…"), raised inside a setImmediate callback, so
 * that frame's receiver is the Immediate, and an executed Immediate still links to the ones
 * queued after it (Node leaves `_idleNext` set), each carrying its own request's stores. One
 * retained render thus kept the next ones reachable, chain after chain: 570 finished requests
 * (130 MB of heap) after 3,000 distinct page views. Reading the stack once keeps the text and
 * drops the frames. A reason that is not an Error is passed through untouched. `abort()` without a
 * reason gets the same DOMException Node would make, made and formatted here for the same reason.
 * A stack that cannot be formatted (a throwing Error.prepareStackTrace) never stops the abort.
 */
export function releaseAbortReasonFrames(): void {
  const proto = AbortController.prototype as AbortController & { [ABORT_KEY]?: true };
  if (proto[ABORT_KEY]) return;
  const abort = proto.abort;
  Object.defineProperty(proto, "abort", {
    configurable: true,
    writable: true,
    value: function abortReleasingFrames(this: AbortController, reason?: unknown) {
      const given = reason !== undefined ? reason : new DOMException("This operation was aborted", "AbortError");
      if (given instanceof Error || types.isNativeError(given)) {
        try {
          void (given as Error).stack;
        } catch {
          // the abort matters more than the frames
        }
      }
      return abort.call(this, given);
    },
  });
  Object.defineProperty(proto, ABORT_KEY, { value: true });
}
