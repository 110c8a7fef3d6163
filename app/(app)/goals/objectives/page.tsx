import type { Metadata } from "next";
import Link from "next/link";
import { CreateObjectiveForm, EditObjectiveForms } from "@/components/goals/objective-forms";
import { Badge } from "@/components/ui/badge";
import { Card, CardTitle, EmptyState, PageHeader } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/guard";
import { listObjectives } from "@/lib/goals/queries";
import { HEALTH_LABELS, type Health } from "@/lib/goals/rules";
import { can } from "@/lib/permissions";
import { archiveObjectiveAction, createObjectiveAction, updateObjectiveAction } from "../actions";

export const metadata: Metadata = { title: "Strategic objectives" };

export default async function ObjectivesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireUser("app.view");
  const showArchived = (await searchParams).archived === "1";
  const objectives = await listObjectives({ actor, includeArchived: showArchived });
  const manage = can(actor.role, "objectives.manage");
  return (
    <>
      <PageHeader
        title="Strategic objectives"
        description="The company-level aims that goals serve, with how many goals serve each and how they are doing."
        actions={
          <>
            <Link href="/goals" className="text-sm text-brand-700 underline">All goals</Link>
            <Link href={showArchived ? "/goals/objectives" : "/goals/objectives?archived=1"} className="text-sm text-brand-700 underline">
              {showArchived ? "Hide archived" : "Show archived"}
            </Link>
          </>
        }
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className={manage ? "space-y-4 lg:col-span-2" : "space-y-4 lg:col-span-3"}>
          {objectives.length === 0 ? <EmptyState title="No strategic objectives yet">{manage ? "Create the first one with the form on this page." : "The CCO or an executive sets them."}</EmptyState> : null}
          {objectives.map((o) => {
            const parts = [
              ...(Object.keys(HEALTH_LABELS) as Health[]).filter((h) => o.byHealth[h]).map((h) => `${o.byHealth[h]} ${HEALTH_LABELS[h].toLowerCase()}`),
              ...(["draft", "missed", "cancelled"] as const).filter((st) => o.byStatus[st]).map((st) => `${o.byStatus[st]} ${st}`),
            ];
            return (
              <section key={o.id} aria-labelledby={`o-${o.id}`} className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
                <div className="flex flex-wrap items-center gap-2">
                  <h2 id={`o-${o.id}`} className="text-base font-semibold">{o.title}</h2>
                  {o.archived ? <Badge>Archived</Badge> : null}
                  <span className="text-sm text-slate-600">{o.periodStart} → {o.periodEnd}</span>
                </div>
                {o.description ? <p className="mt-1 text-sm text-slate-700">{o.description}</p> : null}
                <p className="mt-2 text-sm text-slate-700">
                  {o.goals.toLocaleString("en")} {o.goals === 1 ? "goal" : "goals"}
                  {parts.map((p) => ` · ${p}`).join("")}
                </p>
                {o.goals ? (
                  <p className="mt-2 text-sm">
                    <Link href={`/goals?objectiveId=${o.id}&status=all`} className="font-medium text-brand-700 underline">List the goals serving “{o.title}”</Link>
                  </p>
                ) : null}
                {manage && !o.archived ? (
                  <details className="mt-3">
                    <summary className="cursor-pointer text-sm font-medium text-brand-700">Edit or archive</summary>
                    <div className="mt-3"><EditObjectiveForms update={updateObjectiveAction} archive={archiveObjectiveAction} objective={o} /></div>
                  </details>
                ) : null}
              </section>
            );
          })}
        </div>
        {manage ? (
          <Card aria-labelledby="new-objective" className="h-fit">
            <CardTitle id="new-objective">New objective</CardTitle>
            <CreateObjectiveForm action={createObjectiveAction} />
          </Card>
        ) : null}
      </div>
    </>
  );
}
