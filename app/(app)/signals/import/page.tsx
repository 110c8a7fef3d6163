import type { Metadata } from "next";
import Link from "next/link";
import { SignalImportWizard, type ChunkAction } from "@/components/signals/import-wizard";
import { Card, CardTitle, PageHeader } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/guard";
import { getSettings } from "@/lib/settings";
import { IMPORT_MAX_ROWS, SAMPLE_SURVEY_CSV } from "@/lib/signals/import-format";
import { checkSignalImportChunkAction, importSignalsAction } from "../actions";

export const metadata: Metadata = { title: "Import customer signals" };

export default async function ImportSignalsPage() {
  await requireUser("signals.record");
  const s = await getSettings();
  return (
    <>
      <PageHeader
        title="Import customer signals"
        description="Bring in a survey tool's export or any spreadsheet of customer feedback: one row per signal, on the stage it is about. Negative scores open follow-ups for the stages' owners, as when a signal is recorded by hand."
        actions={<Link href="/follow-ups" className="text-sm text-brand-700 underline">Follow-ups</Link>}
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <Card aria-labelledby="import-steps" className="min-w-0 lg:col-span-2">
          <CardTitle id="import-steps" description="Nothing is recorded until you import; a file with problems imports nothing unless you choose to import only its valid rows.">Your file, step by step</CardTitle>
          <SignalImportWizard checkAction={checkSignalImportChunkAction as unknown as ChunkAction} importAction={importSignalsAction} />
        </Card>
        <Card aria-labelledby="import-format" className="h-fit min-w-0">
          <CardTitle id="import-format">The format</CardTitle>
          <ul className="list-disc space-y-1 pl-5 text-sm text-slate-700">
            <li><a className="link" href={SAMPLE_SURVEY_CSV} download>Download a sample survey CSV</a> for the demo company&apos;s journeys.</li>
            <li>Each row names its stage by name (with its journey when two journeys share the stage&apos;s name) or by id.</li>
            <li>Scores are on CSAT (1–5), NPS (0–10) or CES (1–7); negative ones are CSAT ≤ {Number(s.negativeCsatMax)}, NPS ≤ {Number(s.negativeNpsMax)}, CES ≤ {Number(s.negativeCesMax)}.</li>
            <li>Times without an offset are read in the company&apos;s time zone ({s.timeZone}); none may be in the future.</li>
            <li>Leave names and contact details out of comments; use a pseudonymous customer reference.</li>
            <li>At most {IMPORT_MAX_ROWS.toLocaleString("en")} rows per file.</li>
          </ul>
        </Card>
      </div>
    </>
  );
}
