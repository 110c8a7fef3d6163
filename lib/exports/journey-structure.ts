import { sql } from "drizzle-orm";
import { getDb, resultRows } from "@/db/client";
import type { Actor } from "@/lib/auth/current-user";
import { forbidden } from "@/lib/errors";
import { DEPARTMENT_SEPARATOR, JOURNEY_CSV_COLUMNS } from "@/lib/journeys/structure-format";
import { can } from "@/lib/permissions";
import { mapBatches } from "./batch";
import { utcClock, type Cell, type CsvExport, type ExportClock } from "./csv";
import { byJourneyBatches, JOURNEYS_PER_BATCH } from "./journeys";

type Line = {
  journey: string;
  segment: string;
  status: string;
  description: string;
  position: number | null;
  stage: string | null;
  customerGoal: string | null;
  emotion: number | null;
  accountable: string | null;
  email: string | null;
  responsible: string[] | null;
  consulted: string[] | null;
  informed: string[] | null;
};

/**
 * Every live journey's structure in the import format (lib/journeys/structure-format.ts): its
 * stages in order with their current accountable department and person and R/C/I departments.
 * An orphaned stage (its person deactivated or department archived) is written without an owner,
 * as it needs one, and an archived department's R/C/I role is left out: the file imports as is.
 */
export function journeyStructureCsv(actor: Actor, { journeysPerBatch = JOURNEYS_PER_BATCH, clock = utcClock() }: { journeysPerBatch?: number; clock?: ExportClock } = {}): CsvExport {
  if (!can(actor.role, "app.view")) throw forbidden();
  const read = async (ids: string[]) => {
    const db = await getDb();
    const res = await db.execute(sql`
      select j.name as journey, j.segment, j.status::text as status, j.description,
             s.position, s.name as stage, s.customer_goal as "customerGoal", s.emotion_score as emotion,
             d.name as accountable, u.email,
             (select array_agg(rd.name order by rd.name) from ownership_assignments r join departments rd on rd.id = r.department_id and not rd.archived
               where r.stage_id = s.id and r.valid_to is null and r.raci = 'responsible') as responsible,
             (select array_agg(rd.name order by rd.name) from ownership_assignments r join departments rd on rd.id = r.department_id and not rd.archived
               where r.stage_id = s.id and r.valid_to is null and r.raci = 'consulted') as consulted,
             (select array_agg(rd.name order by rd.name) from ownership_assignments r join departments rd on rd.id = r.department_id and not rd.archived
               where r.stage_id = s.id and r.valid_to is null and r.raci = 'informed') as informed
      from journeys j
      left join stages s on s.journey_id = j.id and not s.archived
      left join (ownership_assignments a
        join departments d on d.id = a.department_id and not d.archived
        join users u on u.id = a.person_id and u.active)
        on a.stage_id = s.id and a.valid_to is null and a.raci = 'accountable'
      where j.id in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})
      order by j.created_at, j.id, s.position`);
    return resultRows<Line>(res);
  };
  const list = (v: string[] | null) => (v ?? []).join(`${DEPARTMENT_SEPARATOR} `);
  return {
    filename: `throughline-journeys-${clock.today}.csv`,
    header: [...JOURNEY_CSV_COLUMNS],
    rows: mapBatches(byJourneyBatches(sql`j.status <> 'archived'`, read, journeysPerBatch), (r): Cell[] => [
      r.journey,
      r.segment,
      r.status,
      r.description,
      r.position ?? "",
      r.stage ?? "",
      r.customerGoal ?? "",
      r.emotion ?? "",
      r.accountable ?? "",
      r.email ?? "",
      list(r.responsible),
      list(r.consulted),
      list(r.informed),
    ]),
  };
}
