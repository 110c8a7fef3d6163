"use client";

import { usePathname, useRouter } from "next/navigation";
import { createContext, useActionState, useCallback, useContext, useEffect, useId, useMemo, useRef, useState, useTransition, type ReactNode } from "react";
import { requestFormReset } from "react-dom";
import type { ActionResult } from "@/lib/actions";
import type { FieldErrors } from "@/lib/errors";
import { Alert } from "@/components/ui/alert";

/** A server action as a form calls it: (previous state, form data) → result as data. */
export type FormAction<T> = (prev: unknown, form: FormData) => Promise<ActionResult<T>>;

/**
 * What the last submit of one form came to: refused in the browser before sending (`client`),
 * or the server's answer.
 */
export type Outcome<T> = { kind: "client"; fieldErrors: FieldErrors; error: string } | { kind: "server"; result: ActionResult<T> };

export const NETWORK_ERROR = "The server could not be reached, so nothing was saved. Check your connection and try again.";

// ── One outcome at a time, per page ─────────────────────────────────────────────────────
//
// Every form that submits tells the provider it is now the one whose outcome shows: the
// previous form's success or error message goes, so a success and an error are never shown
// together. A success message stays until the next submit anywhere on the page; when its form
// unmounts (e.g. an archived thing's form, a claimed stage's button) the message moves to the
// page's banner, so it does not vanish with the form.

type Banner = { message: string; path: string };
type Registry = {
  current: string | null;
  begin: (owner: string) => void;
  handOff: (owner: string, banner: Banner) => void;
  banner: Banner | null;
};

const OutcomeContext = createContext<Registry | null>(null);

export function OutcomeProvider({ children }: { children: ReactNode }) {
  const [current, setCurrent] = useState<string | null>(null);
  const [banner, setBanner] = useState<Banner | null>(null);
  const currentRef = useRef<string | null>(null);
  // Moving to another page ends the banner (derived in render, React's pattern for it).
  const pathname = usePathname();
  const [seenPath, setSeenPath] = useState(pathname);
  if (seenPath !== pathname) {
    setSeenPath(pathname);
    if (banner) setBanner(null);
  }
  const begin = useCallback((owner: string) => {
    currentRef.current = owner;
    setCurrent(owner);
    setBanner(null);
  }, []);
  const handOff = useCallback((owner: string, b: Banner) => {
    // Only the form whose outcome is the page's latest hands it on.
    if (currentRef.current === owner) setBanner(b);
  }, []);
  const value = useMemo(() => ({ current, begin, handOff, banner }), [current, begin, handOff, banner]);
  return <OutcomeContext.Provider value={value}>{children}</OutcomeContext.Provider>;
}

/** The success message of a form that is gone from the page (shown on the page it was given on). */
export function OutcomeBanner() {
  const registry = useContext(OutcomeContext);
  const pathname = usePathname();
  const banner = registry?.banner;
  if (!banner || banner.path !== pathname) return null;
  return (
    <Alert tone="success" className="mb-4">
      {banner.message}
    </Alert>
  );
}

const isNextControlFlow = (e: unknown) =>
  typeof e === "object" && e !== null && typeof (e as { digest?: unknown }).digest === "string" && (e as { digest: string }).digest.startsWith("NEXT_");

/**
 * Submits a form to a server action without React's automatic form reset: the submit handler
 * prevents the native submit and calls the action inside a transition (React then only tracks
 * the form as pending). A refused submit therefore keeps every value the person typed; a
 * successful one resets the form when `resetOnSuccess` (create forms, ready for the next entry).
 *
 * After a success the route is refreshed in the same transition as the outcome: the action's
 * answer carries only its result (lib/actions.ts does not revalidate), so the page's fresh
 * render is fetched here and shows together with the success message; the refresh also empties
 * the router's cache, so other pages are fetched afresh when visited. A refusal changed nothing,
 * so nothing is refreshed. An action that redirects (Next's control flow) is followed instead.
 */
export function useSubmission<T>(action: FormAction<T>, { resetOnSuccess = true }: { resetOnSuccess?: boolean } = {}) {
  const owner = useId();
  // Only a submit before hydration (a plain HTML post) goes through the form's `action=` (this
  // `formAction`); once hydrated, the submit handler sends, without the reset.
  const [noScriptState, formAction] = useActionState<ActionResult<T> | null, FormData>(action, null);
  const registry = useContext(OutcomeContext);
  const router = useRouter();
  const [outcome, setOutcome] = useState<Outcome<T> | null>(null);
  const [pending, startTransition] = useTransition();
  // Bumped on every outcome, so a refusal that reads the same as the last still moves focus.
  const [attempt, setAttempt] = useState(0);

  // This form's latest success, kept when the answer arrives: a form that disappears in the
  // very render that would show it (the page refreshed without it) still hands it on.
  const successRef = useRef<Banner | null>(null);

  const begin = useCallback(() => {
    successRef.current = null;
    registry?.begin(owner);
  }, [registry, owner]);

  const refuse = useCallback(
    (fieldErrors: FieldErrors, error: string) => {
      begin();
      setOutcome({ kind: "client", fieldErrors, error });
      setAttempt((a) => a + 1);
    },
    [begin],
  );

  const submit = useCallback(
    (form: HTMLFormElement, data: FormData) => {
      begin();
      setOutcome(null);
      const path = window.location.pathname;
      startTransition(async () => {
        let result: ActionResult<T>;
        try {
          result = await action(null, data);
        } catch (e) {
          // A redirect (e.g. after signing in) is Next's to follow.
          if (isNextControlFlow(e)) throw e;
          result = { ok: false, code: "unavailable", error: NETWORK_ERROR, fieldErrors: {} };
        }
        successRef.current = result.ok && result.message ? { message: result.message, path } : null;
        startTransition(() => {
          // The write is saved; the page re-reads it (see above).
          if (result.ok) router.refresh();
          setOutcome({ kind: "server", result });
          setAttempt((a) => a + 1);
          if (result.ok && resetOnSuccess) requestFormReset(form);
        });
      });
    },
    [action, begin, resetOnSuccess, router],
  );

  // Shown only while this form's outcome is the page's latest (always, outside the provider).
  // (An answer to a post sent before hydration shows until some form submits.)
  const latest: Outcome<T> | null = outcome ?? (noScriptState && !pending ? { kind: "server", result: noScriptState } : null);
  const current = registry ? registry.current : owner;
  const shown = current === owner || (outcome === null && current === null) ? latest : null;

  // A success message outlives its form: when the form unmounts, the page's banner takes it
  // (the provider only takes it from the form whose outcome is the page's latest). A form that
  // goes because the person went to another page takes its message with it.
  const handOffTo = registry?.handOff;
  useEffect(() => {
    const success = successRef;
    return () => {
      const b = success.current;
      if (b && handOffTo && window.location.pathname === b.path) handOffTo(owner, b);
    };
  }, [handOffTo, owner]);

  return { owner, outcome: shown, pending, attempt, submit, refuse, formAction };
}

/** The submitter's own name/value (e.g. a "direction" button) belongs in the form data. */
export function formDataOf(event: React.FormEvent<HTMLFormElement>): FormData {
  const submitter = (event.nativeEvent as SubmitEvent).submitter;
  return new FormData(event.currentTarget, submitter ?? undefined);
}
