"use client";

import { useEffect, useRef, useState, type ReactNode } from "react";

/**
 * A native disclosure (keyboard and screen reader as the browser gives them) whose content is
 * built only once it is opened, so a large page does not carry hidden tables in its HTML.
 * Opened before the page hydrated, it fills in on hydration.
 */
export function LazyDetails({ summary, className, children }: { summary: ReactNode; className?: string; children: () => ReactNode }) {
  const ref = useRef<HTMLDetailsElement>(null);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const sync = () => setOpen(el.open);
    el.addEventListener("toggle", sync);
    if (el.open) queueMicrotask(sync);
    return () => el.removeEventListener("toggle", sync);
  }, []);
  return (
    <details ref={ref} className={className}>
      <summary className="cursor-pointer text-sm text-brand-700">{summary}</summary>
      {open ? children() : null}
    </details>
  );
}
