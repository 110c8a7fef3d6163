// The customer's voice in the large generated company (db/seed/large.ts): _p.signals customer
// signals over the last 18 months on the live stages, the per-stage-and-day aggregate rebuilt from
// them, and the follow-ups their negative scores opened (closed when older than two weeks).
//
// Each stage has a mood (from its id), so some stages hurt and others delight, and the dashboard's
// pain ranking has something to rank. Set-based like the other steps; random() is seeded.
import type { SeedStep } from "./large-people";

export const SIGNAL_STEPS: SeedStep[] = [
  {
    label: "signals",
    sql: `
create temp table _live on commit drop as
select row_number() over (order by s.id) as n, s.id, ((abs(hashtext(s.id::text)) % 5) - 2) * 0.45 as mood
from stages s join journeys j on j.id = s.journey_id
where not s.archived and j.status <> 'archived';

insert into customer_signals (id, stage_id, source, received_at, scale, score, comment, customer_ref, channel, tags, created_at)
select pg_temp.sid('sig', i), l.id, x.source::signal_source, x.received_at, x.scale::signal_scale,
  case x.scale
    when 'csat' then least(5, greatest(1, round(3.7 + l.mood + (random() * 2.6 - 1.3))))
    when 'nps' then least(10, greatest(0, round(7.2 + 2 * l.mood + (random() * 6 - 3))))
    when 'ces' then least(7, greatest(1, round(5 + l.mood + (random() * 3 - 1.5))))
  end,
  case when i % 5 = 0 then pg_temp.pick(array['Quick and friendly.', 'Waited far too long for an answer.', 'Nobody told me what happens next.',
    'The form lost what I typed.', 'Exactly what I needed.', 'I had to call three times.', 'Clear and simple, thank you.'], i / 5) end,
  case when i % 3 = 0 then 'cust-' || (i % 200000) end,
  pg_temp.pick(array['email', 'web', 'phone', 'store', 'app'], i / 7),
  case when i % 11 = 0 then array[pg_temp.pick(array['delivery', 'billing', 'wait', 'staff', 'website'], i / 11)] else '{}'::text[] end,
  x.received_at
from _p, generate_series(1, _p.signals) i
join lateral (select count(*) as c from _live) lc on true
join _live l on l.n = 1 + (i::bigint * 7919) % lc.c
cross join lateral (
  select pg_temp.pick(array['survey', 'survey', 'survey', 'support', 'review', 'interview', 'other'], i) as source,
    now() - random() * interval '540 days' - interval '1 minute' as received_at,
    case i % 10 when 0 then 'csat' when 1 then 'csat' when 2 then 'csat' when 3 then 'csat'
      when 4 then 'nps' when 5 then 'nps' when 6 then 'nps' when 7 then 'ces' when 8 then 'ces' end as scale
) x;`,
  },
  {
    // Triggers keep signal_daily current on every write; a superuser's bulk load skips them, so
    // the aggregate is rebuilt from the rows (the same function settings changes use).
    label: "signal aggregates",
    sql: "select refresh_signal_daily();",
  },
  {
    label: "follow-ups",
    sql: `
insert into follow_ups (id, signal_id, stage_id, department_id, reason, status, due_at, created_at, updated_at, closed_at)
select pg_temp.sid('fup', row_number() over (order by s.id)), s.id, s.stage_id, oa.department_id, 'threshold',
  (case when s.received_at < now() - interval '14 days' then 'closed' when s.received_at < now() - interval '7 days' then 'acknowledged' else 'open' end)::follow_up_status,
  s.received_at + make_interval(days => st.follow_up_sla_days), s.received_at,
  case when s.received_at < now() - interval '14 days' then s.received_at + interval '4 days' else s.received_at end,
  case when s.received_at < now() - interval '14 days' then s.received_at + interval '4 days' end
from customer_signals s
cross join settings st
left join ownership_assignments oa on oa.stage_id = s.stage_id and oa.raci = 'accountable' and oa.valid_to is null
where st.id = 1 and s.received_at > now() - interval '90 days' and signal_is_negative(s.scale, s.score);

insert into follow_up_events (follow_up_id, kind, to_status, to_department_id, note, created_at)
select f.id, 'opened', 'open', f.department_id, 'Opened by a score below the threshold.', f.created_at from follow_ups f;
insert into follow_up_events (follow_up_id, kind, from_status, to_status, note, created_at)
select f.id, 'closed', 'open', 'closed', 'Called the customer back.', f.closed_at from follow_ups f where f.status = 'closed';`,
  },
];
