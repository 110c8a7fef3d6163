import { sql } from "drizzle-orm";
import { resultRows, type Executor } from "@/db/client";
import { followUpEvents } from "@/db/schema";
import { departmentHeadIds, notifyUsers } from "@/lib/notifications";

/**
 * A stage's open follow-ups belong to its accountable department: when that changes (a CCO
 * assignment, a claim, an accepted or forced handoff, a dispute's decision, an offboarding),
 * the ownership command calls this in its own transaction, with the stage already locked.
 * Each follow-up not yet closed moves, with a 'moved' event in its history, and the new
 * department's head hears about it once. Closed follow-ups stay with the department that
 * closed them. Returns how many moved.
 */
export async function moveFollowUpsWithStage(
  tx: Executor,
  { stage, toDepartmentId, actorId, why }: { stage: { id: string; name: string }; toDepartmentId: string; actorId: string | null; why: string },
): Promise<number> {
  const res = await tx.execute(sql`
    with moving as (
      select id, department_id as from_department_id from follow_ups
      where stage_id = ${stage.id} and status <> 'closed' and department_id is distinct from ${toDepartmentId}::uuid
      for update
    )
    update follow_ups f set department_id = ${toDepartmentId}::uuid, updated_at = now()
    from moving where f.id = moving.id
    returning f.id, moving.from_department_id as "fromDepartmentId"`);
  const moved = resultRows<{ id: string; fromDepartmentId: string | null }>(res);
  if (!moved.length) return 0;
  const note = why.slice(0, 2000);
  await tx.insert(followUpEvents).values(
    moved.map((m) => ({ followUpId: m.id, kind: "moved" as const, fromDepartmentId: m.fromDepartmentId, toDepartmentId, note, actorId })),
  );
  const heads = await departmentHeadIds(tx, [toDepartmentId]);
  const n = moved.length;
  await notifyUsers(
    tx,
    heads,
    {
      kind: "follow_up_moved",
      title: `${n === 1 ? "An open follow-up" : `${n} open follow-ups`} of "${stage.name}" moved to your department`,
      body: why,
      link: `/follow-ups?stageId=${stage.id}`,
    },
    actorId ?? undefined,
  );
  return n;
}
