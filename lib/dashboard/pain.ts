import { sql } from "drizzle-orm";
import { getDb, resultRows } from "@/db/client";
import { addDays, todayIn } from "@/lib/time";

/** The window customer pain is measured over. */
export const PAIN_WINDOW_DAYS = 90;
const TOP = 10;
const MAX_AGE_MS = 60_000;

export type PainRow = {
  stageId: string;
  stageName: string;
  journeyId: string;
  journeyName: string;
  signals: number;
  negative: number;
  /** Negative share of the stage's signals, 0…1. */
  share: number;
  ownerName: string | null;
  needsOwner: boolean;
  disputed: boolean;
  /** Stated on the stage's open goals: what the company has committed there. */
  budget: number;
  people: number;
  openGoals: number;
};

export type CustomerPain = { rows: PainRow[]; gaps: number; days: number };

const memo = new Map<string, { at: number; value: Promise<CustomerPain> }>();

/**
 * The stages where customers hurt most over the last {@link PAIN_WINDOW_DAYS} days: ranked by
 * pain (the negative share × the volume of signals, i.e. the negative signals), with whether the
 * stage lacks an owner or is disputed (pain and an ownership gap together) and the budget and
 * people stated on its open goals (are we investing where customers hurt?). From the
 * per-stage-per-day aggregates, never the raw signals; shared for a minute between views.
 */
export function customerPain(filter: { journeyId?: string; departmentId?: string }, timeZone: string, now = Date.now()): Promise<CustomerPain> {
  const key = `${filter.journeyId ?? ""}|${filter.departmentId ?? ""}|${timeZone}`;
  const hit = memo.get(key);
  if (hit && now - hit.at < MAX_AGE_MS) return hit.value;
  const value = computePain(filter, timeZone);
  memo.set(key, { at: now, value });
  value.catch(() => memo.delete(key));
  if (memo.size > 64) memo.delete(memo.keys().next().value!);
  return value;
}

async function computePain(filter: { journeyId?: string; departmentId?: string }, timeZone: string): Promise<CustomerPain> {
  const db = await getDb();
  const since = addDays(todayIn(timeZone), -(PAIN_WINDOW_DAYS - 1));
  const rows = resultRows<{
    stage_id: string; stage_name: string; journey_id: string; journey_name: string; signals: number; negative: number;
    owner_name: string | null; needs_owner: boolean; disputed: boolean; budget: string | null; people: number | null; open_goals: number;
  }>(
    await db.execute(sql`
      with pain as (
        select sd.stage_id, sum(sd.signals)::int as signals, sum(sd.negative)::int as negative
        from signal_daily sd
        join stages s on s.id = sd.stage_id and not s.archived
        join journeys j on j.id = s.journey_id and j.status <> 'archived'
        where sd.day >= ${since}::date
          ${filter.journeyId ? sql`and j.id = ${filter.journeyId}` : sql``}
          ${filter.departmentId ? sql`and exists (select 1 from ownership_assignments x where x.stage_id = s.id and x.raci = 'accountable' and x.valid_to is null and x.department_id = ${filter.departmentId})` : sql``}
        group by sd.stage_id
        having sum(sd.negative) > 0
        order by sum(sd.negative) desc, sum(sd.signals) desc, sd.stage_id
        limit ${TOP}
      )
      select p.stage_id, s.name as stage_name, j.id as journey_id, j.name as journey_name, p.signals, p.negative,
        d.name as owner_name,
        (oa.stage_id is null or d.archived or (u.id is not null and not u.active)) as needs_owner,
        exists (select 1 from disputes x where x.stage_id = s.id and x.status in ('open', 'under_review')) as disputed,
        g.budget, g.people, coalesce(g.open_goals, 0)::int as open_goals
      from pain p
      join stages s on s.id = p.stage_id
      join journeys j on j.id = s.journey_id
      left join ownership_assignments oa on oa.stage_id = s.id and oa.raci = 'accountable' and oa.valid_to is null
      left join departments d on d.id = oa.department_id
      left join users u on u.id = oa.person_id
      left join lateral (
        select sum(g.budget) as budget, sum(g.people)::int as people, count(*) as open_goals
        from goals g where g.stage_id = s.id and g.status in ('draft', 'active')
      ) g on true
      order by p.negative desc, p.signals desc, j.name, s.position, p.stage_id`),
  );
  const out = rows.map(
    (r): PainRow => ({
      stageId: r.stage_id,
      stageName: r.stage_name,
      journeyId: r.journey_id,
      journeyName: r.journey_name,
      signals: r.signals,
      negative: r.negative,
      share: r.signals ? r.negative / r.signals : 0,
      ownerName: r.needs_owner ? null : r.owner_name,
      needsOwner: r.needs_owner,
      disputed: r.disputed,
      budget: Number(r.budget ?? 0),
      people: r.people ?? 0,
      openGoals: r.open_goals,
    }),
  );
  return { rows: out, gaps: out.filter((r) => r.needsOwner || r.disputed).length, days: PAIN_WINDOW_DAYS };
}
