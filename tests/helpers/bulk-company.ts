import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { todayIn } from "@/lib/time";
import { rows } from "./db";

// A company bigger than the old list caps (2,000 goals, 500 disputes, decisions and users),
// inserted set-based in a few statements so it loads in seconds on PGlite too. Health is
// fixed by construction: every active goal runs from 30 days ago to 30 days ahead (50%
// expected today), baseline 0, target 100, and its latest check-in says where it is.

export type BulkSizes = { goals: number; disputes: number; users: number };

/** Latest value by goal number mod 5: no check-in (no data), on track, at risk, off track, achieved. */
export const LATEST_BY_KIND = [null, 50, 32, 5, 100] as const;

export async function seedBulkCompany(db: Db, sizes: BulkSizes, tag: string) {
  const today = todayIn("UTC");
  const one = async <T>(q: ReturnType<typeof sql>) => (await rows<T>(db, q))[0]!;
  const { id: departmentId } = await one<{ id: string }>(sql`insert into departments (name) values (${`Bulk ${tag}`}) returning id`);
  const { id: headId } = await one<{ id: string }>(sql`
    insert into users (email, name, role, department_id) values (${`bulk-head-${tag}@example.test`}, ${`Bulk head ${tag}`}, 'head', ${departmentId}) returning id`);
  await db.execute(sql`
    insert into users (email, name, role, department_id)
    select 'bulk-' || ${tag} || '-' || n || '@example.test', 'Bulk member ' || ${tag} || ' ' || lpad(n::text, 4, '0'), 'member', ${departmentId}
    from generate_series(1, ${sizes.users}) n`);
  const { id: objectiveId } = await one<{ id: string }>(sql`
    insert into strategic_objectives (title, period_start, period_end) values (${`Bulk aim ${tag}`}, '2020-01-01', '2040-01-01') returning id`);
  await db.execute(sql`
    insert into journeys (name, status) select 'Bulk journey ' || ${tag} || ' ' || j, 'active' from generate_series(1, 3) j`);
  await db.execute(sql`
    insert into stages (journey_id, position, name)
    select jr.id, p, 'Bulk stage ' || p from journeys jr, generate_series(1, 5) p where jr.name like ${`Bulk journey ${tag} %`}`);
  // Goals: three share each created_at instant (a keyset must break ties by id), each a
  // few microseconds apart from the next (a cursor rounded to milliseconds would skip some).
  await db.execute(sql`
    with st as (select s.id, row_number() over (order by s.id) - 1 as k from stages s join journeys jr on jr.id = s.journey_id where jr.name like ${`Bulk journey ${tag} %`})
    insert into goals (stage_id, department_id, title, description, metric_name, metric_unit, baseline, target, direction,
      start_date, due_date, owner_id, objective_id, budget, people, status, created_at)
    select st.id, ${departmentId}, 'Bulk goal ' || ${tag} || ' ' || lpad(n::text, 5, '0'), 'Generated for the list tests.', 'Score', 'points', 0, 100, 'increase',
      ${today}::date - 30, ${today}::date + 30, ${headId}, ${objectiveId}, 0, 0,
      'active'::goal_status,
      '2024-01-01T00:00:00Z'::timestamptz + (n / 3) * interval '7 microseconds'
    from generate_series(0, ${sizes.goals - 1}) n join st on st.k = n % 15`);
  // Two check-ins for every goal that has data: an old one, and the latest, which sets its health.
  // Both share one created_at, so their order is settled by id.
  await db.execute(sql`
    insert into check_ins (goal_id, value, confidence, note, measured_on, author_id, created_at)
    select g.id, v.value, 'medium', case when v.latest then '=latest' else '' end, ${today}::date - v.ago, ${headId}, '2024-06-01T00:00:00Z'::timestamptz
    from goals g
    cross join lateral (select substring(g.title from '(\\d+)$')::int % 5 as kind) k
    cross join lateral (values (1::numeric, 10, false), ((array[0, 50, 32, 5, 100])[k.kind + 1]::numeric, 2, true)) v(value, ago, latest)
    where g.title like ${`Bulk goal ${tag} %`} and k.kind <> 0`);
  // Every tenth goal is a draft. Goals take check-ins only while active (a trigger), so the
  // drafts are set after their check-ins, as tests/helpers/goal-rows.ts does for the others.
  await db.execute(sql`
    update goals set status = 'draft'
    where title like ${`Bulk goal ${tag} %`} and substring(title from '(\\d+)$')::int % 10 = 9`);
  // Decided disputes, each with its decision; decisions a few microseconds apart, pairs at the same instant.
  await db.execute(sql`
    insert into disputes (kind, title, description, raised_by_id, raised_by_department_id, status, opened_at, due_by, closed_at)
    select 'standards', 'Bulk dispute ' || ${tag} || ' ' || lpad(n::text, 5, '0'), 'Generated.', ${headId}, ${departmentId},
      case when n % 10 = 0 then 'open' else 'decided' end::dispute_status,
      '2024-02-01T00:00:00Z'::timestamptz + n * interval '1 minute', '2024-02-11T00:00:00Z'::timestamptz + n * interval '1 minute',
      case when n % 10 = 0 then null else '2024-02-05T00:00:00Z'::timestamptz + n * interval '1 minute' end
    from generate_series(0, ${sizes.disputes - 1}) n`);
  await db.execute(sql`
    insert into dispute_parties (dispute_id, department_id) select d.id, ${departmentId} from disputes d where d.title like ${`Bulk dispute ${tag} %`}`);
  await db.execute(sql`
    insert into decisions (dispute_id, outcome, rationale, decided_by_id, decided_at)
    select d.id, 'Bulk outcome ' || substring(d.title from '(\\d+)$'), 'Generated.', ${headId},
      '2024-03-01T00:00:00Z'::timestamptz + (substring(d.title from '(\\d+)$')::int / 2) * interval '3 microseconds'
    from disputes d where d.title like ${`Bulk dispute ${tag} %`} and d.status = 'decided'`);
  return { departmentId, headId, objectiveId };
}
