"use client";

import { useSyncExternalStore } from "react";
import { CopyField } from "@/components/ui/copy-field";

const noSubscribe = () => () => {};

/** Shows a one-time link with the page's own origin and a copy button. */
export function InviteLink({ path }: { path: string }) {
  // The server does not know which host the admin browses on; the browser does.
  const origin = useSyncExternalStore(noSubscribe, () => window.location.origin, () => "");
  const url = origin + path;
  return (
    <div className="rounded-md border border-slate-200 bg-slate-50 p-3">
      <CopyField id="invite-url" label="One-time sign-in link (valid 7 days)" value={url} hint="Send it to the user; it works once." />
    </div>
  );
}
