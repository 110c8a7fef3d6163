"use client";

import { useEffect, useRef, useState, type ReactNode } from "react";

/**
 * A native disclosure (keyboard and screen reader as the browser gives them) whose content is
 * mounted only while it is open: a stage page lists a form per signal behind "Act on …", and
 * none of them need be in the HTML until asked for. Unlike components/ui/lazy-details it takes
 * its content as elements, so a server component can fill it (client forms with their props).
 * Opened before the page hydrated, it fills in on hydration.
 */
export function DetailsWhenOpen({ summary, className, summaryClassName, children }: { summary: ReactNode; className?: string; summaryClassName?: string; children: ReactNode }) {
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
      <summary className={summaryClassName}>{summary}</summary>
      {open ? children : null}
    </details>
  );
}
