"use client";

import { useEffect, useRef, useState, type ReactNode } from "react";

/**
 * A native disclosure (keyboard and screen reader as the browser gives them) whose content is
 * mounted only while it is open, so a large page does not carry hidden tables and forms in its
 * HTML. `children` is a function when a client component builds the content from data, or
 * elements when a server component fills it (client forms with their props). Opened before the
 * page hydrated, it fills in on hydration.
 */
export function LazyDetails({
  summary,
  className,
  summaryClassName = "cursor-pointer text-sm text-brand-700",
  children,
}: {
  summary: ReactNode;
  className?: string;
  summaryClassName?: string;
  children: ReactNode | (() => ReactNode);
}) {
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
      {open ? (typeof children === "function" ? children() : children) : null}
    </details>
  );
}
