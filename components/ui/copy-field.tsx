"use client";

import { useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";

/**
 * A read-only value to copy once (a one-time link, a new token, a signing secret): labelled,
 * selected on focus, with a Copy button whose outcome is announced in place of the hint.
 */
export function CopyField({ id, label, value, hint, testId }: { id: string; label: ReactNode; value: string; hint: ReactNode; testId?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <>
      <label htmlFor={id} className="block text-sm font-medium">{label}</label>
      <div className="mt-1 flex gap-2">
        <input id={id} data-testid={testId} readOnly value={value} className="w-full rounded-md border border-slate-300 bg-white px-2 py-1 font-mono text-xs" onFocus={(e) => e.currentTarget.select()} />
        <Button
          variant="secondary"
          size="sm"
          onClick={async () => {
            try {
              await navigator.clipboard.writeText(value);
              setCopied(true);
            } catch {
              setCopied(false);
            }
          }}
        >
          Copy
        </Button>
      </div>
      <p className="mt-1 text-xs text-slate-700" role="status">{copied ? "Copied to the clipboard." : hint}</p>
    </>
  );
}
