import type { Metadata } from "next";
import { NotificationPreferencesForm } from "@/components/notifications/preferences-form";
import { Card, PageHeader } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/guard";
import { emailConfigured } from "@/lib/notifications/email";
import { myNotificationPreferences } from "@/lib/notifications/preferences";
import { saveNotificationPreferencesAction } from "../actions";

export const metadata: Metadata = { title: "Notification preferences" };

export default async function NotificationPreferencesPage() {
  const actor = await requireUser("app.view");
  const current = await myNotificationPreferences(actor);
  return (
    <>
      <PageHeader title="Notification preferences" description="Every notification appears under the bell. Choose the kinds you also want by email, at once or in one daily digest." />
      <Card className="max-w-3xl">
        <NotificationPreferencesForm action={saveNotificationPreferencesAction} current={current} emailOn={emailConfigured()} />
      </Card>
    </>
  );
}
