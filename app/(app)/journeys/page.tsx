import type { Metadata } from "next";
import Link from "next/link";
import { CreateJourneyForm } from "@/components/journeys/journey-forms";
import { HandoffInbox } from "@/components/journeys/handoff-inbox";
import { TemplateJourneyForm } from "@/components/journeys/template-forms";
import { Badge } from "@/components/ui/badge";
import { Card, CardTitle, EmptyState, PageHeader } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/guard";
import { listJourneys, listPendingHandoffs } from "@/lib/journeys/queries";
import { can } from "@/lib/permissions";
import { createFromTemplateAction, createJourneyAction } from "./actions";

export const metadata: Metadata = { title: "Journeys" };

export default async function JourneysPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireUser("app.view");
  const showArchived = (await searchParams).archived === "1";
  const [journeys, pending] = await Promise.all([listJourneys({ includeArchived: showArchived }), listPendingHandoffs(actor)]);
  const isCco = can(actor.role, "journeys.manage");
  return (
    <>
      <PageHeader
        title="Journeys"
        description="Each journey is the customer's path in time order. Every stage needs exactly one accountable owner."
        actions={
          <div className="flex flex-wrap gap-4">
            <a href="/api/export/journeys.csv" className="text-sm text-brand-700 underline" download>Journeys CSV</a>
            <Link href={showArchived ? "/journeys" : "/journeys?archived=1"} className="text-sm text-brand-700 underline">
              {showArchived ? "Hide archived journeys" : "Show archived journeys"}
            </Link>
          </div>
        }
      />
      {pending.length ? <HandoffInbox handoffs={pending} /> : null}
      <div className="grid gap-6 lg:grid-cols-3">
        <div className={isCco ? "lg:col-span-2" : "lg:col-span-3"}>
          {journeys.length === 0 ? (
            <EmptyState title="No journeys yet">{isCco ? "Lay out the first one with the form on this page." : "The CCO has not laid out any journeys yet."}</EmptyState>
          ) : (
            <ul className="grid gap-4 md:grid-cols-2" aria-label="Journeys">
              {journeys.map((j) => {
                const pct = j.stageCount ? Math.round((100 * (j.stageCount - j.needsOwnerCount)) / j.stageCount) : 0;
                return (
                  <li key={j.id} className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
                    <div className="flex items-start justify-between gap-2">
                      <h2 className="text-base font-semibold">
                        <Link href={`/journeys/${j.id}`} className="text-brand-700 hover:underline">{j.name}</Link>
                      </h2>
                      <Badge tone={j.status === "active" ? "green" : j.status === "draft" ? "amber" : "neutral"}>{j.status}</Badge>
                    </div>
                    {j.segment ? <p className="mt-1 text-sm text-slate-600">For: {j.segment}</p> : null}
                    <dl className="mt-3 grid grid-cols-3 gap-2 text-sm">
                      <div><dt className="text-xs text-slate-500">Stages</dt><dd className="font-semibold">{j.stageCount}</dd></div>
                      <div><dt className="text-xs text-slate-500">Need an owner</dt><dd className="font-semibold">{j.needsOwnerCount}</dd></div>
                      <div><dt className="text-xs text-slate-500">Handoffs pending</dt><dd className="font-semibold">{j.pendingHandoffs}</dd></div>
                    </dl>
                    <div className="mt-3">
                      <div className="flex justify-between text-xs text-slate-600"><span>Ownership coverage</span><span>{pct}%</span></div>
                      <div className="mt-1 h-2 rounded bg-slate-100" role="img" aria-label={`Ownership coverage ${pct}%`}>
                        <div className="h-2 rounded bg-brand-600" style={{ width: `${pct}%` }} />
                      </div>
                    </div>
                  </li>
                );
              })}
            </ul>
          )}
        </div>
        {isCco ? (
          <div className="h-fit space-y-6">
            <Card aria-labelledby="new-journey">
              <CardTitle id="new-journey">New journey</CardTitle>
              <CreateJourneyForm action={createJourneyAction} />
            </Card>
            <Card aria-labelledby="from-template">
              <CardTitle id="from-template" description="Start from a common journey and adapt its stages.">Start from a template</CardTitle>
              <TemplateJourneyForm action={createFromTemplateAction} />
            </Card>
            <Card aria-labelledby="many-journeys">
              <CardTitle id="many-journeys">Many journeys at once</CardTitle>
              <p className="text-sm text-slate-700">
                <Link href="/journeys/import" className="font-medium text-brand-700 underline">Import journeys from a CSV file</Link>, with a preview before anything is written.
              </p>
            </Card>
          </div>
        ) : null}
      </div>
    </>
  );
}
