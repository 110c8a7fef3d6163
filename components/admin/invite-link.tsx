"use client";

import { useSyncExternalStore } from "react";
import { CopyField } from "@/components/ui/copy-field";

const noSubscribe = () => () => {};

/**
 * A one-time link just made: emailed to the user (SMTP configured; the admin never sees it), or
 * shown here with the page's own origin and a copy button.
 */
export function InviteLink({ path, emailedTo }: { path: string | null; emailedTo?: string | null }) {
  // The server does not know which host the admin browses on; the browser does.
  const origin = useSyncExternalStore(noSubscribe, () => window.location.origin, () => "");
  if (!path) {
    return (
      <p role="status" className="rounded-md border border-slate-200 bg-slate-50 p-3 text-sm text-slate-800" data-testid="invite-emailed">
        The one-time link was emailed to <strong>{emailedTo}</strong>. It works once, within 7 days; it is not shown here.
      </p>
    );
  }
  return (
    <div className="rounded-md border border-slate-200 bg-slate-50 p-3">
      <CopyField id="invite-url" label="One-time sign-in link (valid 7 days)" value={origin + path} hint="Email is not set up on this server, so nothing was sent: give the link to the user yourself. It works once." />
    </div>
  );
}
