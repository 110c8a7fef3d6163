import { sql } from "drizzle-orm";
import { getDb, resultRows } from "@/db/client";
import type { Actor } from "@/lib/auth/current-user";
import type { DashboardFilter } from "@/lib/dashboard/queries";
import { forbidden } from "@/lib/errors";
import { can } from "@/lib/permissions";
import { isoInstant, mapBatches } from "./batch";
import { utcClock, type Cell, type CsvExport, type ExportClock } from "./csv";
import { byJourneyBatches, inJourneys, JOURNEYS_PER_BATCH } from "./journeys";

type RaciLine = { journey: string; position: number; stage: string; department: string | null; raci: string | null; person: string | null; since: string | null; source: string | null };

/** The ownership matrix: one row per current RACI role, plus one per stage with no owner. */
export function raciCsv(actor: Actor, filter: DashboardFilter, { journeysPerBatch = JOURNEYS_PER_BATCH, clock = utcClock() }: { journeysPerBatch?: number; clock?: ExportClock } = {}): CsvExport {
  if (!can(actor.role, "app.view")) throw forbidden();
  const journeys = sql`j.status <> 'archived' ${filter.journeyId ? sql`and j.id = ${filter.journeyId}` : sql``}`;
  const read = async (ids: string[]) => {
    const db = await getDb();
    const res = await db.execute(sql`
      select j.name as journey, s.position, s.name as stage, d.name as department, a.raci, u.name as person, ${isoInstant(sql`a.valid_from`)} as since, a.source
      from stages s
      join journeys j on j.id = s.journey_id
      left join ownership_assignments a on a.stage_id = s.id and a.valid_to is null
      left join departments d on d.id = a.department_id
      left join users u on u.id = a.person_id
      where not s.archived and ${inJourneys(ids)}
        ${filter.departmentId ? sql`and a.department_id = ${filter.departmentId}` : sql``}
      order by j.created_at, j.id, s.position, case a.raci when 'accountable' then 0 when 'responsible' then 1 when 'consulted' then 2 else 3 end, d.name`);
    return resultRows<RaciLine>(res);
  };
  return {
    filename: `throughline-raci-${clock.today}.csv`,
    header: ["journey", "stage_position", "stage", "department", "raci_role", "accountable_person", "since", "how"],
    rows: mapBatches(byJourneyBatches(journeys, read, journeysPerBatch), (r): Cell[] => [r.journey, r.position, r.stage, r.department ?? "", r.raci ?? "NO OWNER", r.person ?? "", r.since ?? "", r.source ?? ""]),
  };
}
