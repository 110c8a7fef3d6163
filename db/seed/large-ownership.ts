import type { SeedStep } from "./large-people";

// Ownership of the large company: ~85% of stages owned, ~5% of those orphaned (the accountable
// person deactivated), 0–3 earlier owners per stage over the last 18 months, R/C/I rows, and
// pending, accepted and declined handoffs.
//
// The rules the database enforces and this must keep: one current accountable row per stage;
// one current row per (stage, department); valid_to of a row = valid_from of the next, never
// overlapping. Consecutive owners differ because the department walks b, b+s, b+2s … (mod D)
// with 1 ≤ s < D, and the R/C/I departments are the owner's +1, +2, +3 (mod D), D ≥ 4.

const D = "_p.departments";
const head = (dept: string) => `pg_temp.sid('usr', 6 + ${dept})`;
const CCO = "pg_temp.sid('usr', 2)";

export const OWNERSHIP_STEPS: SeedStep[] = [
  {
    label: "ownership plan",
    sql: `
create temp table _st as
select sn, pg_temp.sid('stg', sn) as stage_id,
  r_own < 0.85 as owned, r_own < 0.85 and r_orph < 0.05 as orphan,
  floor(r_k * 4)::int as k,
  1 + floor(r_b * ${D})::int as b, 1 + floor(r_s * (${D} - 1))::int as s,
  now() - (180 + r_start * 360) * interval '1 day' as start,
  r_raci, r_nr, r_pend, r_decl, r_o
from (
  select sn, random() as r_own, random() as r_orph, random() as r_k, random() as r_b, random() as r_s, random() as r_start,
    random() as r_raci, random() as r_nr, random() as r_pend, random() as r_decl, random() as r_o
  from _p, generate_series(1, _p.journeys * _p.stages) sn
) r, _p;
analyze _st;

-- Row i of a stage's accountable history starts at vf; i = 0 at the plan's start, later ones
-- spread toward now (each inside its own slice, so the order holds). Row k is the current one
-- when the stage is owned; when it is not, row k only marks when the last owner let go.
create temp table _h0 as
select st.sn, st.stage_id, i, st.k, st.owned, st.orphan,
  1 + ((st.b - 1 + i * st.s) % ${D}) as dept,
  case when i = 0 then st.start else st.start + (now() - st.start) * ((i + random() * 0.5) / (st.k + 1)) end as vf,
  random() as r_p, random() as r_src
from _st st, _p, generate_series(0, st.k) i;

create temp table _h as
select h.*,
  lead(h.vf) over w as vt,
  lag(h.dept) over w as prev_dept,
  h.owned and h.i = h.k as is_current,
  (case when h.i = 0 then 'assigned' when h.r_src < 0.55 then 'handed_off' when h.r_src < 0.8 then 'claimed' else 'assigned' end)::ownership_source as src,
  coalesce(case when h.owned and h.i = h.k and h.orphan then ina.id end, act.id) as person_id
from _h0 h
join _dsize ds on ds.dept = h.dept
left join _act act on act.dept = h.dept and act.r = 1 + floor(h.r_p * ds.n_act)::int
left join _inact ina on ina.dept = h.dept and ina.r = 1
window w as (partition by h.sn order by h.i);
analyze _h;`,
  },
  {
    label: "ownership history",
    sql: `
insert into handoffs (id, stage_id, from_department_id, to_department_id, note, goal_disposition, status, proposed_by_id, proposed_at, responded_by_id, responded_at)
select pg_temp.sid('hof', h.sn * 10 + h.i), h.stage_id, pg_temp.sid('dep', h.prev_dept), pg_temp.sid('dep', h.dept),
  'The people who deliver this moment sit in the receiving department; they should own the promise.', 'move', 'accepted',
  ${head("h.prev_dept")}, h.vf - interval '2 days', ${head("h.dept")}, h.vf
from _h h where h.src = 'handed_off' and (h.owned or h.i < h.k);

insert into ownership_assignments (id, stage_id, department_id, person_id, raci, valid_from, valid_to, source, by_user_id, reason, handoff_id)
select pg_temp.sid('own', h.sn * 10 + h.i), h.stage_id, pg_temp.sid('dep', h.dept), h.person_id, 'accountable', h.vf,
  case when h.is_current then null else h.vt end, h.src,
  case when h.src = 'assigned' then ${CCO} else ${head("h.dept")} end,
  case h.src when 'assigned' then 'Ownership map review' when 'claimed' then 'Claimed by the department head' else 'Handoff accepted' end,
  case when h.src = 'handed_off' then pg_temp.sid('hof', h.sn * 10 + h.i) end
from _h h where h.owned or h.i < h.k;

insert into ownership_assignments (stage_id, department_id, raci, valid_from, source, by_user_id, reason)
select h.stage_id, pg_temp.sid('dep', 1 + ((h.dept - 1 + m) % ${D})), (array['responsible','consulted','informed'])[m]::raci_role,
  h.vf, 'assigned', ${CCO}, 'Ownership map review'
from _h h join _st st on st.sn = h.sn, _p, generate_series(1, 1 + floor(st.r_nr * 3)::int) m
where h.is_current and st.r_raci < 0.6;`,
  },
  {
    label: "handoffs",
    sql: `
insert into handoffs (stage_id, from_department_id, to_department_id, note, goal_disposition, status, proposed_by_id, proposed_at)
select h.stage_id, pg_temp.sid('dep', h.dept), pg_temp.sid('dep', 1 + ((h.dept + floor(st.r_o * (${D} - 1))::int) % ${D})),
  'Most contacts at this stage are about delivery dates; the receiving team can answer them first time.',
  (case when st.r_o < 0.7 then 'move' else 'retire' end)::goal_disposition, 'pending', ${head("h.dept")},
  now() - (1 + st.r_o * 9) * interval '1 day'
from _h h join _st st on st.sn = h.sn, _p
where h.is_current and not h.orphan and st.r_pend < 0.06;

insert into handoffs (stage_id, from_department_id, to_department_id, note, goal_disposition, status, proposed_by_id, proposed_at, responded_by_id, responded_at, response_reason)
select h.stage_id, pg_temp.sid('dep', h.dept), pg_temp.sid('dep', x.to_dept),
  'We think the receiving team is closer to the customer here.', 'move', 'declined', ${head("h.dept")}, x.at,
  ${head("x.to_dept")}, x.at + interval '1 day', 'We do not have the people for this stage this year.'
from _h h join _st st on st.sn = h.sn, _p,
  lateral (select 1 + ((h.dept + floor(st.r_o * (${D} - 1))::int) % ${D}) as to_dept, h.vf + (now() - h.vf) * 0.3 as at) x
where h.is_current and st.r_decl < 0.05;

-- The owned stages, numbered, for spreading goals over them.
create temp table _os as
select row_number() over (order by h.sn) as rn, h.stage_id, h.dept, h.person_id from _h h where h.is_current;
analyze _os;`,
  },
];
