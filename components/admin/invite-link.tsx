"use client";

import { useState, useSyncExternalStore } from "react";
import { Button } from "@/components/ui/button";

const noSubscribe = () => () => {};

/** Shows a one-time link with the page's own origin and a copy button. */
export function InviteLink({ path }: { path: string }) {
  // The server does not know which host the admin browses on; the browser does.
  const origin = useSyncExternalStore(noSubscribe, () => window.location.origin, () => "");
  const [copied, setCopied] = useState(false);
  const url = origin + path;
  return (
    <div className="rounded-md border border-slate-200 bg-slate-50 p-3">
      <label htmlFor="invite-url" className="block text-sm font-medium">One-time sign-in link (valid 7 days)</label>
      <div className="mt-1 flex gap-2">
        <input id="invite-url" readOnly value={url} className="w-full rounded-md border border-slate-300 bg-white px-2 py-1 font-mono text-xs" onFocus={(e) => e.currentTarget.select()} />
        <Button
          variant="secondary"
          size="sm"
          onClick={async () => {
            try {
              await navigator.clipboard.writeText(url);
              setCopied(true);
            } catch {
              setCopied(false);
            }
          }}
        >
          Copy
        </Button>
      </div>
      <p className="mt-1 text-xs text-slate-600" role="status">{copied ? "Copied to the clipboard." : "Send it to the user; it works once."}</p>
    </div>
  );
}
