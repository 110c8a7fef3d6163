import type { ReactNode } from "react";
import { NotificationBell } from "@/components/notifications/notification-bell";
import { AppHeader } from "@/components/shell/app-header";
import { OutcomeBanner, OutcomeProvider } from "@/components/forms/submission";
import { TimeZoneProvider } from "@/components/shell/time-zone";
import { requireUser } from "@/lib/auth/guard";
import { navCounts } from "@/lib/my-work/nav-counts";
import { getTimeZone } from "@/lib/settings";
import { signOutAction } from "../(auth)/sign-in/actions";
import { markNotificationsReadAction } from "./notifications/actions";

export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const actor = await requireUser();
  const [timeZone, { waiting, openFollowUps }] = await Promise.all([getTimeZone(), navCounts(actor)]);
  return (
    <TimeZoneProvider timeZone={timeZone}>
      <OutcomeProvider>
        <div className="min-h-screen">
          <AppHeader actor={actor} signOutAction={signOutAction} bell={<NotificationBell markRead={markNotificationsReadAction} />} counts={{ "/my-work": waiting, "/follow-ups": openFollowUps }} />
          <main id="main" className="mx-auto max-w-7xl px-4 py-8">
            <OutcomeBanner />
            {children}
          </main>
        </div>
      </OutcomeProvider>
    </TimeZoneProvider>
  );
}
