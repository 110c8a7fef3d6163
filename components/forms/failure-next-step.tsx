"use client";

import type { ActionFailure } from "@/lib/actions";

/**
 * The next step a refusal offers, chosen by its code (never by its wording): a view that went
 * stale is reloaded, an ended session signs in again. Other codes need no extra step: their
 * sentence and field errors say what to do.
 */
export function FailureNextStep({ failure }: { failure: ActionFailure }) {
  if (failure.code === "stale") {
    return (
      <button type="button" className="ml-1 font-medium underline" onClick={() => window.location.reload()}>
        Reload this page
      </button>
    );
  }
  if (failure.code === "unauthenticated") {
    return <a className="ml-1 font-medium underline" href="/sign-in?reason=ended">Sign in again</a>;
  }
  return null;
}
