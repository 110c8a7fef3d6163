import type { Metadata } from "next";
import { AdminTabs } from "@/components/admin/admin-tabs";
import { SettingsForm } from "@/components/admin/settings-form";
import { Card, PageHeader } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/guard";
import { getSettings } from "@/lib/settings";
import { timeZoneNames, utcOffsetLabel } from "@/lib/time";
import { updateSettingsAction } from "../actions";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  await requireUser("settings.manage");
  const settings = await getSettings();
  // Each zone with its offset now, so an admin can tell Pacific/Auckland from Pacific/Fiji at a glance.
  const now = new Date();
  const names = timeZoneNames();
  const zones = (names.includes(settings.timeZone) ? names : [settings.timeZone, ...names]).map((z) => ({ value: z, label: `${z} (${utcOffsetLabel(z, now)})` }));
  return (
    <>
      <PageHeader title="Admin" description="Organisation-wide settings." />
      <AdminTabs current="/admin/settings" />
      <Card className="max-w-xl">
        <SettingsForm
          action={updateSettingsAction}
          settings={{
            disputeSlaDays: settings.disputeSlaDays,
            staleCheckInDays: settings.staleCheckInDays,
            timeZone: settings.timeZone,
            negativeCsatMax: settings.negativeCsatMax,
            negativeNpsMax: settings.negativeNpsMax,
            negativeCesMax: settings.negativeCesMax,
            followUpSlaDays: settings.followUpSlaDays,
            signalRetentionMonths: settings.signalRetentionMonths,
            measuredMinSample: settings.measuredMinSample,
          }}
          timeZones={zones}
        />
      </Card>
    </>
  );
}
