import type { Metadata } from "next";
import { AdminTabs } from "@/components/admin/admin-tabs";
import { SettingsForm } from "@/components/admin/settings-form";
import { Card, PageHeader } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/guard";
import { getSettings } from "@/lib/settings";
import { updateSettingsAction } from "../actions";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  await requireUser("settings.manage");
  const settings = await getSettings();
  return (
    <>
      <PageHeader title="Admin" description="Organisation-wide settings." />
      <AdminTabs current="/admin/settings" />
      <Card className="max-w-xl">
        <SettingsForm action={updateSettingsAction} settings={{ disputeSlaDays: settings.disputeSlaDays, staleCheckInDays: settings.staleCheckInDays }} />
      </Card>
    </>
  );
}
