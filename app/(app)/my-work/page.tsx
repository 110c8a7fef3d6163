import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { GoalSummary } from "@/components/goals/goal-summary";
import { Badge } from "@/components/ui/badge";
import { Card, CardTitle, PageHeader } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/guard";
import { getMyWork, type Figure, type WaitingDispute } from "@/lib/my-work/queries";
import { getTimeZone } from "@/lib/settings";
import { formatDate, formatDateTime } from "@/lib/time-format";

export const metadata: Metadata = { title: "My work" };

function Section({
  id,
  title,
  description,
  count,
  total = count,
  more,
  empty,
  children,
}: {
  id: string;
  title: string;
  description?: string;
  /** How many rows are shown. */
  count: number;
  /** How many there are in all, when the list is cut. */
  total?: number;
  /** Where the whole list is, when there is such a page. */
  more?: { href: string; label: string };
  empty: string;
  children: ReactNode;
}) {
  return (
    <Card aria-labelledby={id}>
      <CardTitle id={id} description={description}>
        {title} <span className="ml-1 rounded-full bg-slate-100 px-2 py-0.5 text-sm font-medium text-slate-700">{total}</span>
      </CardTitle>
      {count ? children : <p className="text-sm text-slate-600">{empty}</p>}
      {total > count ? (
        <p className="mt-3 text-sm text-slate-700">
          Showing the {count} most urgent of {total}.{" "}
          {more ? <Link href={more.href} className="font-medium text-brand-700 underline">{more.label}</Link> : null}
        </p>
      ) : null}
    </Card>
  );
}

function DisputeList({ disputes, timeZone }: { disputes: WaitingDispute[]; timeZone: string }) {
  return (
    <ul className="divide-y divide-slate-100 text-sm">
      {disputes.map((d) => (
        <li key={d.id} className="flex flex-wrap items-center gap-2 py-2">
          <Link href={`/disputes/${d.id}`} className="font-medium text-brand-700 underline">{d.title}</Link>
          <span className="text-slate-600">{d.status === "under_review" ? "under review" : "open"} · due {formatDate(d.dueBy, timeZone)}</span>
          {d.overdue ? <Badge tone="red">Overdue</Badge> : null}
        </li>
      ))}
    </ul>
  );
}

function change(f: Figure): string {
  if (f.previous === null) return "first visit";
  const d = f.value - f.previous;
  if (d === 0) return "no change";
  return `${d > 0 ? "up" : "down"} ${Math.abs(d)}${f.unit ?? ""} from ${f.previous}${f.unit ?? ""}`;
}

export default async function MyWorkPage() {
  const actor = await requireUser("app.view");
  const [work, timeZone] = await Promise.all([getMyWork(actor), getTimeZone()]);
  const dep = actor.departmentId ?? "";
  const followUpList = (
    <ul className="divide-y divide-slate-100 text-sm">
      {work.followUps.map((f) => (
        <li key={f.id} className="flex flex-wrap items-center gap-2 py-2">
          <Link href={`/journeys/${f.journeyId}/stages/${f.stageId}`} className="font-medium text-brand-700 underline">{f.stageName}</Link>
          <span className="text-slate-600">{f.status.replace("_", " ")} · due {formatDateTime(f.dueAt, timeZone)}</span>
          {f.overdue ? <Badge tone="red">Overdue</Badge> : null}
          {f.unrouted ? <Badge tone="amber">No owning department</Badge> : null}
        </li>
      ))}
    </ul>
  );
  const handoffList = (
    <ul className="divide-y divide-slate-100 text-sm">
      {work.handoffs.map((h) => (
        <li key={h.id} className="py-2">
          <Link href={`/journeys/${h.journeyId}/stages/${h.stageId}`} className="font-medium text-brand-700 underline">{h.stageName}</Link>{" "}
          <span className="text-slate-600">({h.journeyName}): {h.fromDepartmentName} → {h.toDepartmentName}, offered {formatDate(h.proposedAt, timeZone)}</span>
        </li>
      ))}
    </ul>
  );
  return (
    <>
      <PageHeader
        title="My work"
        description={
          work.view === "department"
            ? `What waits on ${actor.departmentName ?? "your department"}, most urgent first.`
            : work.view === "decisions"
              ? "Everything that needs an owner or a decision from you."
              : work.view === "figures"
                ? "The figures that moved since your last visit."
                : "Administrators look after people and settings; journeys' work reaches the CCO and the departments."
        }
      />
      {work.view === "department" ? (
        <div className="grid gap-6 lg:grid-cols-2">
          <Section id="mw-handoffs" title="Handoffs offered to you" count={work.handoffs.length} empty="No stage is waiting for your department to accept or decline it.">{handoffList}</Section>
          <Section id="mw-statements" title="Disputes awaiting your statement" count={work.disputesAwaitingStatement.length} total={work.totals.disputesAwaitingStatement} more={{ href: `/disputes?departmentId=${dep}`, label: "All of your department's disputes" }} empty="Every dispute your department is party to has its statement.">
            <DisputeList disputes={work.disputesAwaitingStatement} timeZone={timeZone} />
          </Section>
          <Section id="mw-follow-ups" title="Customer follow-ups" description="Open follow-ups of your department's stages, by due date." count={work.followUps.length} total={work.totals.followUps} more={{ href: `/follow-ups?departmentId=${dep}`, label: "All of your department's follow-ups" }} empty="No open customer follow-ups.">{followUpList}</Section>
          <Section id="mw-check-ins" title="Goals needing a check-in" description="Active goals with no check-in within the stale period." count={work.goalsToCheckIn.length} total={work.totals.goalsToCheckIn} more={{ href: `/goals?departmentId=${dep}&health=stale`, label: "All of your department's stale goals" }} empty="Every active goal has a recent check-in.">
            <ul className="divide-y divide-slate-100 text-sm">
              {work.goalsToCheckIn.map((g) => (
                <li key={g.id} className="py-2">
                  <Link href={`/goals/${g.id}`} className="font-medium text-brand-700 underline">{g.title}</Link>{" "}
                  <span className="text-slate-600">({g.stageName}) · {g.lastCheckInOn ? `last check-in ${formatDate(g.lastCheckInOn)}` : "no check-in yet"}</span>
                </li>
              ))}
            </ul>
          </Section>
          <div className="lg:col-span-2">
            <Section id="mw-stages" title="Stages you are accountable for" count={work.ownedStages.length} total={work.totals.ownedStages} empty="Your department is not accountable for any stage yet.">
              <ul className="divide-y divide-slate-100 text-sm">
                {work.ownedStages.map((s) => (
                  <li key={s.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2">
                    <Link href={`/journeys/${s.journeyId}/stages/${s.id}`} className="font-medium text-brand-700 underline">{s.name}</Link>
                    <span className="text-slate-600">{s.journeyName}, stage {s.position}</span>
                    <GoalSummary summary={s.goals} />
                  </li>
                ))}
              </ul>
            </Section>
          </div>
        </div>
      ) : work.view === "decisions" ? (
        <div className="grid gap-6 lg:grid-cols-2">
          <Section id="mw-needs-owner" title="Stages needing an owner" description="Unowned, or owned by a deactivated person or an archived department." count={work.stagesNeedingOwner.length} total={work.totals.stagesNeedingOwner} more={{ href: "/dashboard?show=needs-owner#needs-owner", label: "All of them on the dashboard" }} empty="Every live stage has an accountable owner.">
            <ul className="divide-y divide-slate-100 text-sm">
              {work.stagesNeedingOwner.map((s) => (
                <li key={s.id} className="py-2">
                  <Link href={`/journeys/${s.journeyId}/stages/${s.id}`} className="font-medium text-brand-700 underline">{s.name}</Link> <span className="text-slate-600">({s.journeyName})</span>
                </li>
              ))}
            </ul>
          </Section>
          <Section id="mw-decisions" title="Disputes awaiting a decision" count={work.disputesAwaitingDecision.length} total={work.totals.disputesAwaitingDecision} more={{ href: "/disputes", label: "All open disputes" }} empty="No dispute is waiting for a decision.">
            <DisputeList disputes={work.disputesAwaitingDecision} timeZone={timeZone} />
          </Section>
          <Section id="mw-handoffs" title="Pending handoffs" description="You may accept, decline or force any of them." count={work.handoffs.length} empty="No handoff is pending.">{handoffList}</Section>
          <Section id="mw-follow-ups" title="Follow-ups without an owner or escalated" count={work.followUps.length} total={work.totals.followUps} more={{ href: "/follow-ups", label: "All follow-ups" }} empty="No customer follow-up is waiting for you.">{followUpList}</Section>
        </div>
      ) : work.view === "figures" ? (
        <Card aria-labelledby="mw-figures">
          <CardTitle id="mw-figures" description={work.since ? `Compared with your visit of ${formatDateTime(work.since, timeZone)}.` : "Your first visit: the next one compares with these."}>
            What moved
          </CardTitle>
          <dl className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
            {work.figures.map((f) => (
              <div key={f.key} className="rounded-md border border-slate-200 p-3">
                <dt className="text-sm text-slate-600">{f.label}</dt>
                <dd className="text-2xl font-semibold tabular-nums">{f.value}{f.unit ?? ""}</dd>
                <dd className={`text-xs ${f.previous !== null && f.value !== f.previous ? "font-medium text-slate-900" : "text-slate-500"}`}>{change(f)}</dd>
              </div>
            ))}
          </dl>
          <p className="mt-4 text-sm"><Link href="/dashboard" className="link">The dashboard</Link> has the detail behind each figure.</p>
        </Card>
      ) : (
        <Card aria-labelledby="mw-admin">
          <CardTitle id="mw-admin">Nothing waits on you here</CardTitle>
          <p className="text-sm text-slate-700">Manage <Link href="/admin/users" className="link">users</Link>, departments and settings in Admin.</p>
        </Card>
      )}
    </>
  );
}
