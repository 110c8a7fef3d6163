import type { Metadata } from "next";
import Link from "next/link";
import { JourneyImportForm } from "@/components/journeys/template-forms";
import { Card, CardTitle, PageHeader } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/guard";
import { JOURNEY_CSV_MAX_ROWS } from "@/lib/journeys/structure-format";
import { importJourneysAction } from "../actions";

export const metadata: Metadata = { title: "Import journeys" };

export default async function ImportJourneysPage() {
  await requireUser("journeys.manage");
  return (
    <>
      <PageHeader
        title="Import journeys"
        description="Lay out many journeys at once from a spreadsheet: one row per stage, in the customer's order, with its accountable department and person."
        actions={<Link href="/journeys" className="text-sm text-brand-700 underline">Back to journeys</Link>}
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <Card aria-labelledby="import-file" className="lg:col-span-2">
          <CardTitle id="import-file" description="Nothing is written until you confirm the preview; a file with any problem imports nothing.">CSV file</CardTitle>
          <JourneyImportForm action={importJourneysAction} />
        </Card>
        <Card aria-labelledby="import-format" className="h-fit">
          <CardTitle id="import-format">The format</CardTitle>
          <ul className="list-disc space-y-1 pl-5 text-sm text-slate-700">
            <li>The file the <a className="text-brand-700 underline" href="/api/export/journeys.csv">journeys export</a> downloads is the format: export, edit, import.</li>
            <li><code>journey</code> and <code>stage</code> are required; repeat the journey on each of its stages.</li>
            <li><code>stage_position</code> orders the stages (blank: the file&apos;s order).</li>
            <li><code>journey_status</code> is draft or active; <code>emotion_score</code> −2 to +2.</li>
            <li>An owner is a live department and the email of an active person in it; <code>responsible</code>, <code>consulted</code> and <code>informed</code> list departments separated by semicolons.</li>
            <li>New journeys only: a name already in use is refused. At most {JOURNEY_CSV_MAX_ROWS.toLocaleString("en")} rows.</li>
          </ul>
        </Card>
      </div>
    </>
  );
}
