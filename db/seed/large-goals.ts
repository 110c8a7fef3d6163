import type { SeedStep } from "./large-people";

// Objectives, goals over the owned stages, and check-ins spread over goals and time.
//
// Health mix: each goal gets a performance factor; a check-in on day t of a goal is about
// baseline + (target − baseline) × perf × t / length, with a little noise. perf ≥ 1 reads ahead
// or achieved, ~0.8 at risk, ≤ 0.6 off track. About 10% of open goals have no check-in, 15% of
// the others stopped checking in half-way (stale), and due dates in the past make some overdue.

const CCO = "pg_temp.sid('usr', 2)";
export const OBJECTIVES = 12;

export const GOAL_STEPS: SeedStep[] = [
  {
    label: "objectives",
    sql: `
insert into strategic_objectives (id, title, description, period_start, period_end, archived, created_by_id, created_at, updated_at)
select pg_temp.sid('obj', o), pg_temp.pick(t.a, o - 1) || case when o > array_length(t.a, 1) then ' ' || o else '' end,
  'A company-wide aim the CCO and executives steer by; goals on stages serve it.',
  (date_trunc('quarter', now() - interval '18 months') + ((o - 1) % 6) * interval '3 months')::date,
  (date_trunc('quarter', now() - interval '18 months') + ((o - 1) % 6) * interval '3 months' + interval '12 months')::date,
  o > ${OBJECTIVES - 2}, pg_temp.sid('usr', 3), now() - interval '560 days', now() - interval '30 days'
from generate_series(1, ${OBJECTIVES}) o,
  (select array['Make every contact count','Grow through referrals','Get it right first time','Fewer surprises on the bill',
    'Fast, friendly onboarding','Keep the customers we have','One voice to the customer','Fix faults before they are felt',
    'Make leaving easy and fair','Be there on every channel','Sunset the legacy portal','Paper-free by next year'] as a) t;`,
  },
  {
    label: "goals",
    sql: `
create temp table _g as
select g, pg_temp.sid('gol', g) as id, 1 + floor(random() * (select count(*) from _os))::int as osn,
  random() as r_dir, random() as r_b, random() as r_t, random() as r_start, random() as r_len, random() as r_status,
  random() as r_perf, random() as r_quiet, random() as r_obj, random() as r_metric, random() as r_none, random() as r_budget
from _p, generate_series(1, _p.goals) g;
analyze _g;

insert into goals (id, stage_id, department_id, title, description, metric_name, metric_unit, baseline, target, direction,
  start_date, due_date, owner_id, objective_id, budget, people, status, status_reason, created_by_id, created_at, updated_at)
select g.id, os.stage_id, pg_temp.sid('dep', os.dept),
  case when v.up then 'Raise ' else 'Bring down ' end || lower(m.name) || ' at ' || lower(s.name) || ' (#' || g.g || ')',
  'Customers at ' || lower(s.name) || ' should feel the difference; ' || lower(m.name) || ' is measured every week.',
  m.name, m.unit, v.baseline,
  case when v.up then v.baseline + round((5 + g.r_t * 30)::numeric, 1) else v.baseline - round((5 + g.r_t * 15)::numeric, 1) end,
  (case when v.up then 'increase' else 'decrease' end)::goal_direction,
  v.start, v.start + (90 + floor(g.r_len * 360))::int, os.person_id, pg_temp.sid('obj', 1 + floor(g.r_obj * ${OBJECTIVES})::int),
  round((g.r_budget * 50000)::numeric, -2), floor(g.r_budget * 8)::int, v.status,
  case v.status when 'missed' then 'The supplier change slipped a quarter.' when 'cancelled' then 'Replaced by a better-aimed goal.' end,
  os.person_id, v.start::timestamptz, greatest(v.start::timestamptz, now() - g.r_len * interval '20 days')
from _g g
join _os os on os.rn = g.osn
join stages s on s.id = os.stage_id
join (values (0, 'Net Promoter Score', 'points'), (1, 'First-contact resolution', '% of contacts'), (2, 'Average handling time', 'minutes'),
  (3, 'Installed on first visit', '% of installs'), (4, 'Customer effort score', 'points'), (5, 'Repeat contacts', '% of customers'),
  (6, 'On-time delivery', '% of orders'), (7, 'Billing complaints', 'per 1,000 bills')) m(i, name, unit) on m.i = floor(g.r_metric * 8)::int,
lateral (select g.r_dir < 0.7 as up, round((20 + g.r_b * 60)::numeric, 1) as baseline,
  current_date - (20 + floor(g.r_start * 240))::int as start,
  (case when g.r_status < 0.72 then 'active' when g.r_status < 0.8 then 'draft' when g.r_status < 0.88 then 'achieved'
    when g.r_status < 0.94 then 'missed' else 'cancelled' end)::goal_status as status) v;

-- The goals that have check-ins, numbered; span = the days check-ins may fall on.
create temp table _gc as
select row_number() over (order by g.g) as k, x.id, x.baseline, x.target, x.start_date, x.owner_id,
  (x.due_date - x.start_date) as len,
  greatest(1, case when g.r_quiet < 0.15 then (least(current_date, x.due_date) - x.start_date) / 2
    else least(current_date, x.due_date) - x.start_date end) as span,
  case x.status when 'achieved' then 1.05 + g.r_perf * 0.2 when 'missed' then 0.3 + g.r_perf * 0.4 else 0.35 + g.r_perf end as perf
from _g g join goals x on x.id = g.id
where x.status in ('active', 'achieved', 'missed') and g.r_none >= 0.1;
analyze _gc;`,
  },
  {
    // A check-in can only be recorded on an active goal (trigger check_ins_goal_active), so the
    // achieved and missed goals take theirs while active, as in real life, and close afterwards.
    label: "check-ins",
    sql: `
create temp table _closed as select x.id, x.status from goals x join _gc gc on gc.id = x.id where x.status <> 'active';
update goals x set status = 'active' from _closed c where x.id = c.id;

with x as materialized (
  select 1 + floor(random() * (select count(*) from _gc))::int as k, random() as rf, random() as rn, random() as rc
  from _p, generate_series(1, _p.checkins)
)
insert into check_ins (goal_id, value, confidence, note, measured_on, author_id, created_at)
select gc.id,
  round((gc.baseline + (gc.target - gc.baseline) * (gc.perf * d.day / gc.len + (x.rn - 0.5) * 0.08)::numeric)::numeric, 2),
  (case when x.rc < 0.5 then 'high' when x.rc < 0.85 then 'medium' else 'low' end)::check_in_confidence,
  case when x.rc < 0.04 then 'Dip after the pricing change; watching it.' when x.rc > 0.97 then 'New script live in all teams.' else '' end,
  gc.start_date + d.day, gc.owner_id,
  least(now(), (gc.start_date + d.day) + interval '9 hours' + x.rf * interval '8 hours')
from x join _gc gc on gc.k = x.k,
lateral (select floor(x.rf * (gc.span + 1))::int as day) d;

-- Each goal keeps its latest check-in (migration 0015). A superuser's load skips triggers
-- (session_replication_role = replica), so it is set here as the migration's backfill does.
update goals g set (latest_value, latest_measured_on) = (
  select ci.value, ci.measured_on from check_ins ci where ci.goal_id = g.id
  order by ci.measured_on desc, ci.created_at desc limit 1)
where g.id in (select id from _gc);

update goals x set status = c.status from _closed c where x.id = c.id;`,
  },
];

export const DISPUTE_STEPS: SeedStep[] = [
  {
    // ~60% decided (one decision each), 8% withdrawn, 12% under review, 20% open; the open and
    // under-review ones were raised in the last 25 days with a 10-day service level, so most
    // are overdue. Parties: the raising department plus one or two others (distinct offsets).
    label: "disputes",
    sql: `
create temp table _d as
select n, pg_temp.sid('dsp', n) as id, r_sn, r_stage, r_by, r_t, r_c, r_st,
  (case when r_kind < 0.35 then 'ownership' when r_kind < 0.5 then 'handoff' when r_kind < 0.7 then 'standards'
    when r_kind < 0.9 then 'resources' else 'other' end)::dispute_kind as kind,
  (case when r_status < 0.6 then 'decided' when r_status < 0.68 then 'withdrawn' when r_status < 0.8 then 'under_review'
    else 'open' end)::dispute_status as status,
  1 + floor(power(r_dept, 1.6) * _p.departments)::int as a,
  1 + floor(r_o1 * ((_p.departments - 1) / 2))::int as o1,
  case when r_o2 < 0.35 then 1 + floor(r_o2 / 0.35 * ((_p.departments - 1) / 2))::int end as o2
from (
  select n, random() as r_kind, random() as r_status, random() as r_dept, random() as r_o1, random() as r_o2, random() as r_sn,
    random() as r_stage, random() as r_by, random() as r_t, random() as r_c, random() as r_st
  from _p, generate_series(1, _p.disputes) n
) r, _p;
analyze _d;

insert into disputes (id, kind, stage_id, title, description, raised_by_id, raised_by_department_id, status, opened_at, due_by,
  reviewer_id, taken_at, closed_at, withdrawn_reason)
select d.id, d.kind,
  case when d.kind in ('ownership', 'handoff') or d.r_stage < 0.5 then pg_temp.sid('stg', 1 + floor(d.r_sn * _p.journeys * _p.stages)::int) end,
  initcap(d.kind::text) || ' disagreement between ' || dep.name || ' and a partner team (#' || d.n || ')',
  'Both departments believe the other is better placed; customers are waiting while we decide.',
  case when d.r_by < 0.85 then pg_temp.sid('usr', 6 + d.a) else ${CCO} end,
  case when d.r_by < 0.85 then pg_temp.sid('dep', d.a) end,
  d.status, t.opened, t.opened + interval '10 days',
  case when d.status in ('under_review', 'decided') then ${CCO} end,
  case d.status when 'under_review' then t.opened + (now() - t.opened) * 0.5 when 'decided' then t.opened + interval '1 day' end,
  case when d.status in ('decided', 'withdrawn') then t.opened + (2 + d.r_c * 20) * interval '1 day' end,
  case when d.status = 'withdrawn' then 'Settled between the two heads.' end
from _d d join departments dep on dep.id = pg_temp.sid('dep', d.a), _p,
lateral (select case when d.status in ('open', 'under_review') then now() - interval '1 hour' - d.r_t * interval '25 days'
  else now() - (25 + d.r_t * 515) * interval '1 day' end as opened) t;

insert into dispute_parties (dispute_id, department_id, statement, proposal, updated_by_id, updated_at)
select d.id, pg_temp.sid('dep', p.dept),
  case when p.said then 'We are not set up to deliver this well; the other team is.' else '' end,
  case when p.said then 'Move the stage and its open goals to the other team.' else '' end,
  case when p.said then pg_temp.sid('usr', 6 + p.dept) end,
  case when p.said then x.opened_at + p.i * interval '1 hour' end
from _d d join disputes x on x.id = d.id, _p,
lateral (values (1, d.a, true), (2, 1 + ((d.a - 1 + d.o1) % _p.departments), d.r_st < 0.6),
  (3, case when d.o2 is not null then 1 + ((d.a - 1 + d.o1 + d.o2) % _p.departments) end, d.r_st < 0.4)) p(i, dept, said)
where p.dept is not null;

with c as materialized (select 1 + floor(random() * _p.disputes)::int as n, random() as r1, random() as r2 from _p, generate_series(1, 2 * _p.disputes))
insert into dispute_comments (dispute_id, author_id, body, created_at)
select d.id, case when c.r1 < 0.3 then ${CCO} else pg_temp.sid('usr', 6 + d.a) end,
  'We looked at last month''s cases again; the numbers back our position.',
  x.opened_at + (coalesce(x.closed_at, now()) - x.opened_at) * c.r2
from c join _d d on d.n = c.n join disputes x on x.id = d.id;

insert into decisions (id, dispute_id, outcome, rationale, options_considered, decided_by_id, decided_at)
select pg_temp.sid('dec', d.n), d.id, 'The raising department keeps the stage and gets one extra person.',
  'The customer sees one team end to end; splitting it would add a handoff.', 'Move the stage; split it; keep it as it is.',
  ${CCO}, x.closed_at
from _d d join disputes x on x.id = d.id where d.status = 'decided';`,
  },
  {
    label: "notifications",
    sql: `
with n as materialized (
  select case when i <= 40 then 2 else 1 + floor(random() * _p.users)::int end as u, random() as r1, random() as r2
  from _p, generate_series(1, 5 * _p.users + 40) i
)
insert into notifications (user_id, kind, title, body, created_at, read_at)
select pg_temp.sid('usr', n.u), k.kind::notification_kind, k.title, '', now() - n.r1 * interval '60 days',
  case when n.r2 < 0.7 then now() - n.r1 * interval '59 days' end
from n join (values (0, 'handoff_offered', 'A stage was offered to your department'), (1, 'goal_stale', 'A goal has had no check-in for two weeks'),
  (2, 'dispute_raised', 'A dispute names your department'), (3, 'dispute_decided', 'A dispute was decided')) k(i, kind, title)
  on k.i = floor(n.r2 * 4)::int;`,
  },
];
