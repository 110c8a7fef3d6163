"use client";

import { useSyncExternalStore } from "react";
import type { NotificationItem } from "@/lib/notifications";

// The bell's data, kept fresh without a page reload: fetched when the first bell mounts, every
// 15 s while the tab is visible, whenever the window regains focus or becomes visible again, and
// on refreshNotifications() (after marking read). A failed fetch is retried once after a second;
// if that fails too, `isError` is set and the last data kept until a fetch succeeds. Only the
// answer to the latest request is shown, so a slow earlier answer never overwrites a newer one.
// When the last bell unmounts (signing out leaves the app's layout) polling stops and the data is
// forgotten, so the next person signed in on this tab never sees the previous one's.
// A few lines instead of a query library: every page loads the bell.

export type NotificationsPayload = { unread: number; items: NotificationItem[] };
export type NotificationsState = { data: NotificationsPayload | undefined; isError: boolean };

const POLL_MS = 15_000;
const RETRY_MS = 1_000;
const INITIAL: NotificationsState = { data: undefined, isError: false };

let snapshot: NotificationsState = INITIAL;
let latest: AbortController | null = null;
let stopPolling: (() => void) | null = null;
const listeners = new Set<() => void>();

function publish(next: NotificationsState) {
  snapshot = next;
  for (const l of listeners) l();
}

async function fetchOnce(signal: AbortSignal): Promise<NotificationsPayload> {
  const res = await fetch("/api/notifications", { cache: "no-store", signal });
  if (!res.ok) throw new Error(`notifications: ${res.status}`);
  return (await res.json()) as NotificationsPayload;
}

/** Fetches the notifications now (an earlier request still running is dropped). */
export async function refreshNotifications(): Promise<void> {
  latest?.abort();
  const controller = new AbortController();
  latest = controller;
  for (let attempt = 0; ; attempt++) {
    try {
      const data = await fetchOnce(controller.signal);
      if (latest === controller) publish({ data, isError: false });
      return;
    } catch {
      if (controller.signal.aborted) return;
      if (attempt >= 1) {
        if (latest === controller) publish({ ...snapshot, isError: true });
        return;
      }
      await new Promise((r) => setTimeout(r, RETRY_MS));
      if (controller.signal.aborted) return;
    }
  }
}

function startPolling(): () => void {
  const whenVisible = () => {
    if (document.visibilityState === "visible") void refreshNotifications();
  };
  void refreshNotifications();
  const timer = setInterval(whenVisible, POLL_MS);
  window.addEventListener("visibilitychange", whenVisible);
  window.addEventListener("focus", whenVisible);
  return () => {
    clearInterval(timer);
    window.removeEventListener("visibilitychange", whenVisible);
    window.removeEventListener("focus", whenVisible);
    latest?.abort();
    latest = null;
    snapshot = INITIAL;
  };
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  stopPolling ??= startPolling();
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && stopPolling) {
      stopPolling();
      stopPolling = null;
    }
  };
}

export function useNotifications(): NotificationsState {
  return useSyncExternalStore(subscribe, () => snapshot, () => INITIAL);
}
