import { sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, resultRows } from "@/db/client";
import type { Actor } from "@/lib/auth/current-user";
import { forbidden, invalid } from "@/lib/errors";
import { dateProblem, endOfDay } from "@/lib/time";
import { can } from "@/lib/permissions";
import { safeText, textProblem, zodFieldErrors } from "@/lib/validation";
import { isoInstant, mapBatches } from "./batch";
import { utcClock, type Cell, type CsvExport, type ExportClock } from "./csv";
import { byJourneyBatches, inJourneys, JOURNEYS_PER_BATCH } from "./journeys";

/**
 * The instant calendar day `day` ends in the company's zone: "on D" means who held the stage
 * that evening, as the journey board's "as of" does.
 */
export function dayEndsAt(day: string, timeZone: string): Date {
  return endOfDay(day, timeZone);
}

export const ownershipExportSchema = z.object({
  date: safeText("Choose a date.")
    .trim()
    .superRefine((v, ctx) => {
      if (textProblem(v)) return; // already named by safeText
      const problem = dateProblem(v);
      // The year range has its own words; any other problem is the format or a day that does not exist.
      if (problem) ctx.addIssue({ code: "custom", message: problem.includes("year") ? `The date ${problem}` : "Give the date as YYYY-MM-DD, a real calendar day." });
    }),
  journeyId: z.uuid().optional().catch(undefined),
  departmentId: z.uuid().optional().catch(undefined),
});
export type OwnershipExportInput = z.infer<typeof ownershipExportSchema>;

type OwnershipLine = {
  journey: string; position: number; stage: string; department: string | null; person: string | null; since: string | null; until: string | null;
  source: string | null; reason: string | null; by: string | null; archived: boolean;
};

/**
 * Who was accountable for every stage at the end of day D, since when, how it came about and
 * why, from the append-only ownership history; a stage nobody held then is a NO OWNER row.
 * Every stage that existed by then (or that the history says someone held) is listed,
 * including those archived since.
 */
export function ownershipCsv(
  actor: Actor,
  input: Record<string, unknown>,
  { journeysPerBatch = JOURNEYS_PER_BATCH, clock = utcClock() }: { journeysPerBatch?: number; clock?: ExportClock } = {},
): CsvExport {
  if (!can(actor.role, "app.view")) throw forbidden();
  const parsed = ownershipExportSchema.safeParse(input);
  if (!parsed.success) throw invalid("Choose the day to report on.", zodFieldErrors(parsed.error));
  const { date, journeyId, departmentId } = parsed.data;
  // "Today" is the company's: a later day is not known yet.
  if (date > clock.today) throw invalid("Choose the day to report on.", { date: ["The date cannot be in the future: ownership is known up to today."] });
  const at = dayEndsAt(date, clock.timeZone).toISOString();
  const journeys = journeyId ? sql`j.id = ${journeyId}` : sql`true`;
  const read = async (ids: string[]) => {
    const db = await getDb();
    const res = await db.execute(sql`
      select j.name as journey, s.position, s.name as stage, d.name as department, p.name as person,
        ${isoInstant(sql`a.valid_from`)} as since, ${isoInstant(sql`a.valid_to`)} as until, a.source, a.reason, b.name as by,
        (s.archived or j.status = 'archived') as archived
      from stages s
      join journeys j on j.id = s.journey_id
      left join ownership_assignments a on a.stage_id = s.id and a.raci = 'accountable'
        and a.valid_from < ${at}::timestamptz and (a.valid_to is null or a.valid_to >= ${at}::timestamptz)
      left join departments d on d.id = a.department_id
      left join users p on p.id = a.person_id
      left join users b on b.id = a.by_user_id
      where (s.created_at < ${at}::timestamptz or a.id is not null) and ${inJourneys(ids)}
        ${departmentId ? sql`and a.department_id = ${departmentId}` : sql``}
      order by j.created_at, j.id, s.archived, s.position, s.id, a.valid_from`);
    return resultRows<OwnershipLine>(res);
  };
  return {
    filename: `throughline-ownership-${date}.csv`,
    header: ["on_date", "journey", "stage_position", "stage", "accountable_department", "accountable_person", "since", "until", "how", "why", "recorded_by", "archived_now"],
    rows: mapBatches(byJourneyBatches(journeys, read, journeysPerBatch), (r): Cell[] => [
      date, r.journey, r.position, r.stage, r.department ?? "NO OWNER", r.person ?? "", r.since ?? "", r.until ?? "", r.source ?? "", r.reason ?? "", r.by ?? "", r.archived ? "yes" : "no",
    ]),
  };
}
