import type { ReactNode } from "react";

type Tone = "neutral" | "green" | "amber" | "red" | "blue";

// Badges always carry words: status is never shown by colour alone.
export function Badge({ tone = "neutral", children }: { tone?: Tone; children: ReactNode }) {
  return (
    // .badge and .badge-<tone> (globals.css): a badge is repeated in long lists.
    <span className={`badge badge-${tone}`}>
      {children}
    </span>
  );
}
