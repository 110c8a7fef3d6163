// Steps of the large generated company (db/seed/large.ts): parameters, departments, people,
// journeys and stages. Every statement is set-based (INSERT … SELECT … generate_series) and reads
// its sizes from the one-row temp table _p, so nothing is interpolated into SQL text.
//
// Ids are derived from an ordinal (pg_temp.sid('usr', 42) is always the same uuid), so steps
// join on arithmetic instead of lookups and a rerun with the same sizes gives the same ids.
// random() is seeded with setseed() on the one connection, so the shape is reproducible too.

export type SeedStep = { label: string; sql: string };

export const SEED_DOMAIN = "bench.throughline.test";

export const PEOPLE_STEPS: SeedStep[] = [
  {
    label: "helpers",
    sql: `
-- One expression (so the planner inlines it): an md5 shaped as a version-4, RFC-variant uuid.
create function pg_temp.sid(kind text, n bigint) returns uuid language sql immutable as $$
  select overlay(overlay(md5(kind || ':' || n) placing '4' from 13) placing '8' from 17)::uuid
$$;
create function pg_temp.pick(arr text[], i bigint) returns text language sql immutable as $$
  select arr[1 + (i % array_length(arr, 1))::int]
$$;`,
  },
  {
    label: "departments",
    sql: `
insert into departments (id, name, created_at, updated_at)
select pg_temp.sid('dep', d),
  pg_temp.pick(n.names, d - 1) || case when d > array_length(n.names, 1) then ' ' || (1 + (d - 1) / array_length(n.names, 1)) else '' end,
  now() - interval '700 days', now() - interval '700 days'
from _p, generate_series(1, _p.departments) d,
  (select array['Marketing','Sales','Fulfilment','Customer Service','Finance','Product','Engineering','Logistics','Billing','Legal',
    'Partnerships','Retail Stores','Field Service','Onboarding','Customer Success','Quality','Procurement','IT Operations','Brand','Loyalty'] as names) n;`,
  },
  {
    // Ordinals: 1 admin, 2 CCO, 3–6 executives, 7…6+D the heads (head of department n−6), then
    // members spread evenly over departments. The second member of each department and ~2% of the
    // rest are deactivated, so every department has someone to orphan a stage with.
    label: "users",
    sql: `
create temp table _u as
select n, pg_temp.sid('usr', n) as id,
  case when n = 1 then 'admin' when n = 2 then 'cco' when n <= 6 then 'executive' when n <= 6 + _p.departments then 'head' else 'member' end::role as role,
  case when n <= 6 then null when n <= 6 + _p.departments then n - 6 else 1 + (n - 7 - _p.departments) % _p.departments end as dept,
  case when n <= 6 + _p.departments then 0 else 1 + (n - 7 - _p.departments) / _p.departments end as rank,
  random() as r
from _p, generate_series(1, _p.users) n;
analyze _u;

insert into users (id, email, name, role, department_id, active, password_hash, created_at, updated_at)
select u.id,
  case when u.n = 1 then 'admin@${SEED_DOMAIN}' when u.n = 2 then 'cco@${SEED_DOMAIN}' when u.n = 3 then 'exec@${SEED_DOMAIN}'
    when u.n = 7 then 'head@${SEED_DOMAIN}' when u.n = 7 + _p.departments then 'member@${SEED_DOMAIN}'
    else lower(pg_temp.pick(f.a, u.n) || '.' || pg_temp.pick(l.a, u.n * 7 + u.n / 31)) || '.' || u.n || '@${SEED_DOMAIN}' end,
  pg_temp.pick(f.a, u.n) || ' ' || pg_temp.pick(l.a, u.n * 7 + u.n / 31),
  u.role, case when u.dept is null then null else pg_temp.sid('dep', u.dept) end,
  not (u.rank = 2 or (u.rank > 2 and u.r < 0.02)),
  _p.hash, now() - interval '700 days' + u.r * interval '300 days', now() - u.r * interval '30 days'
from _u u, _p,
  (select array['Ava','Ben','Chloe','Dev','Elif','Femi','Greta','Hugo','Ines','Jon','Kira','Leo','Mina','Nico','Omar','Pia','Quinn','Rosa',
    'Sven','Tara','Umar','Vera','Wes','Xena','Yusuf','Zoe','Aiko','Bruno','Carla','Dara'] as a) f,
  (select array['Patel','Garcia','Nguyen','Okafor','Schmidt','Rossi','Kowalski','Haddad','Silva','Andersen','Tanaka','Dubois','Novak',
    'Murphy','Costa','Ibrahim','Larsen','Moreau','Yilmaz','Fischer','Kim','Santos','Walsh','Popescu','Eriksen','Mendes','Ortiz','Ahmed','Brennan'] as a) l;

update departments d set head_user_id = pg_temp.sid('usr', 6 + x.n), updated_at = now() - interval '400 days'
from _p, generate_series(1, _p.departments) x(n) where d.id = pg_temp.sid('dep', x.n);

-- Pick lists: the active people of each department (heads included) and its deactivated ones.
create temp table _act as
select u.dept, u.id, row_number() over (partition by u.dept order by u.n) as r
from _u u join users x on x.id = u.id where u.dept is not null and x.active;
create temp table _inact as
select u.dept, u.id, row_number() over (partition by u.dept order by u.n) as r
from _u u join users x on x.id = u.id where u.dept is not null and not x.active;
analyze _act; analyze _inact;
create temp table _dsize as
select dept, count(*)::int as n_act, (select count(*)::int from _inact i where i.dept = a.dept) as n_inact from _act a group by dept;`,
  },
  {
    label: "journeys and stages",
    sql: `
insert into journeys (id, name, description, segment, status, created_by_id, created_at, updated_at)
select pg_temp.sid('jny', j),
  pg_temp.pick(t.a, j - 1) || ' — ' || pg_temp.pick(s.a, (j - 1) / 10) || case when j > 80 then ' ' || j else '' end,
  'How a ' || lower(pg_temp.pick(s.a, (j - 1) / 10)) || ' customer gets to "' || lower(pg_temp.pick(t.a, j - 1)) || '" done, end to end.',
  pg_temp.pick(s.a, (j - 1) / 10),
  (case when j % 20 = 0 then 'archived' when j % 10 = 7 then 'draft' else 'active' end)::journey_status,
  pg_temp.sid('usr', 2), now() - interval '600 days' + j * interval '1 day', now() - interval '20 days'
from _p, generate_series(1, _p.journeys) j,
  (select array['Buy online','Get installed','First bill','Get support','Upgrade plan','Move home','Renew contract','Report a fault',
    'Return a product','Cancel service'] as a) t,
  (select array['Consumer','Small business','Enterprise','Public sector','Students','Seniors','Partners','Wholesale'] as a) s;

insert into stages (id, journey_id, position, name, customer_goal, emotion_score, created_at, updated_at)
select pg_temp.sid('stg', (j - 1) * _p.stages + p), pg_temp.sid('jny', j), p,
  pg_temp.pick(n.a, p - 1) || case when p > array_length(n.a, 1) then ' ' || (1 + (p - 1) / array_length(n.a, 1)) else '' end,
  'The customer wants to ' || lower(pg_temp.pick(g.a, p - 1)) || ' without having to chase anyone.',
  case when random() < 0.1 then null else floor(random() * 5)::int - 2 end,
  now() - interval '600 days' + j * interval '1 day', now() - interval '20 days'
from _p, generate_series(1, _p.journeys) j, generate_series(1, _p.stages) p,
  (select array['Discover','Research','Compare','Decide','Buy','Welcome','Set up','First use','Get help','Pay','Renew','Leave'] as a) n,
  (select array['find us','learn what we offer','compare options','choose a plan','pay once, correctly','feel welcome','get set up',
    'see it working','get an answer','understand the bill','renew on fair terms','leave cleanly'] as a) g;`,
  },
];
