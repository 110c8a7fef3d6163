"use client";

import Link from "next/link";
import { useEffect, useId, useRef, useState, useTransition } from "react";
import type { ActionResult } from "@/lib/actions";
import { formatDateTime } from "@/lib/time-format";
import { useTimeZone } from "@/components/shell/time-zone";
import { refreshNotifications, useNotifications } from "./use-notifications";

type MarkRead = (prev: unknown, input: { ids?: string[] }) => Promise<ActionResult<number>>;

/** The bell: unread count kept fresh without a page reload (polls, and refetches on focus). */
export function NotificationBell({ markRead }: { markRead: MarkRead }) {
  const [open, setOpen] = useState(false);
  const [pending, startTransition] = useTransition();
  const panelId = useId();
  const ref = useRef<HTMLDivElement>(null);
  const timeZone = useTimeZone();
  const { data, isError } = useNotifications();
  const unread = data?.unread ?? 0;

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && setOpen(false);
    const onClick = (e: MouseEvent) => ref.current && !ref.current.contains(e.target as Node) && setOpen(false);
    document.addEventListener("keydown", onKey);
    document.addEventListener("mousedown", onClick);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("mousedown", onClick);
    };
  }, [open]);

  const mark = (ids?: string[]) =>
    startTransition(async () => {
      await markRead(null, { ids });
      await refreshNotifications();
    });

  return (
    <div className="relative" ref={ref}>
      <button
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
        aria-label={`Notifications, ${unread} unread`}
        className="relative rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100"
      >
        <svg aria-hidden viewBox="0 0 20 20" className="mr-1 inline h-4 w-4 fill-current align-[-2px]">
          <path d="M10 2a5 5 0 0 0-5 5v3.2L3.6 13a1 1 0 0 0 .9 1.5h11a1 1 0 0 0 .9-1.5L15 10.2V7a5 5 0 0 0-5-5Zm0 16a2.5 2.5 0 0 0 2.4-1.8H7.6A2.5 2.5 0 0 0 10 18Z" />
        </svg>
        {/* The word goes on narrow screens; the aria-label names the button either way. */}
        <span className="hidden sm:inline">Notifications</span>
        <span className={unread ? "ml-1 rounded-full bg-red-600 px-1.5 text-xs font-bold text-white" : "ml-1 text-xs text-slate-500"} data-testid="unread-count">
          {unread}
        </span>
      </button>
      {open ? (
        <div id={panelId} role="region" aria-label="Notifications" className="absolute right-0 z-20 mt-2 w-96 max-w-[90vw] rounded-lg border border-slate-200 bg-white p-3 shadow-lg">
          <div className="mb-2 flex items-center justify-between">
            <h2 className="text-sm font-semibold">Notifications</h2>
            {unread ? (
              <button type="button" className="text-xs font-medium text-brand-700 underline" onClick={() => mark()} disabled={pending}>
                {pending ? "Marking…" : "Mark all read"}
              </button>
            ) : null}
          </div>
          {isError ? <p className="text-sm text-red-700">Notifications could not be loaded. They will retry shortly.</p> : null}
          {data && data.items.length === 0 ? <p className="py-4 text-center text-sm text-slate-600">Nothing needs you right now.</p> : null}
          <ul className="max-h-96 space-y-1 overflow-y-auto">
            {data?.items.map((n) => (
              <li key={n.id} className={n.read ? "rounded p-2" : "rounded bg-brand-50 p-2"}>
                <p className="text-sm font-medium">
                  {n.read ? null : <span className="sr-only">Unread: </span>}
                  {n.link ? (
                    <Link href={n.link} className="text-brand-800 hover:underline" onClick={() => { setOpen(false); if (!n.read) mark([n.id]); }}>
                      {n.title}
                    </Link>
                  ) : (
                    n.title
                  )}
                </p>
                {n.body ? <p className="text-xs text-slate-600">{n.body}</p> : null}
                <p className="text-[11px] text-slate-500"><time dateTime={n.createdAt}>{formatDateTime(n.createdAt, timeZone)}</time></p>
              </li>
            ))}
          </ul>
          <p className="mt-2 border-t border-slate-100 pt-2 text-xs">
            <Link href="/notifications/preferences" className="link" onClick={() => setOpen(false)}>
              Preferences: by email or a daily digest
            </Link>
          </p>
        </div>
      ) : null}
    </div>
  );
}
