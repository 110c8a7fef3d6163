import { z } from "zod";

// What `decisions.effect` (jsonb) holds. The app writes one shape, "set_raci": the stage's
// complete RACI as the decision left it. Rows recorded before that shape existed were
// converted by migration 0012; what could not be converted keeps its legacy shape, so reading
// never fails on old data, but nothing new may be written in it.

const ids = z.array(z.uuid()).max(50);

export const setRaciEffectSchema = z.strictObject({
  type: z.literal("set_raci"),
  stageId: z.uuid(),
  accountable: z.strictObject({ departmentId: z.uuid(), personId: z.uuid() }),
  responsible: ids,
  consulted: ids,
  informed: ids,
  // Set by migration 0012 on effects recorded as "assign the accountable owner" only: the
  // R/C/I lists were read from the ownership history at the moment of the decision.
  legacy: z.literal("assign_ownership").optional(),
});
export type SetRaciEffect = z.infer<typeof setRaciEffectSchema>;

const legacyAssignSchema = z.object({ type: z.literal("assign_ownership"), stageId: z.string(), departmentId: z.string(), personId: z.string() });
const unparsedSchema = z.object({ type: z.literal("unparsed"), text: z.string() });

export const storedEffectSchema = z.discriminatedUnion("type", [setRaciEffectSchema, legacyAssignSchema, unparsedSchema]);
export type StoredEffect = z.infer<typeof storedEffectSchema>;

/** The effect as written: only the current shape, checked before it reaches the database. */
export const effectForWrite = (effect: SetRaciEffect): SetRaciEffect => setRaciEffectSchema.parse(effect);

/**
 * The effect as read. A row that matches no known shape (written by hand, past the app) is
 * reported as unreadable rather than crashing the page that shows it.
 */
export function effectFromRow(raw: unknown): StoredEffect | { type: "unreadable" } | null {
  if (raw == null) return null;
  const parsed = storedEffectSchema.safeParse(raw);
  return parsed.success ? parsed.data : { type: "unreadable" };
}

/** One line for people: the RACI the decision left, named as things were named that day. */
export function describeRaciEffect(effect: SetRaciEffect, names: { department: (id: string) => string; person: (id: string) => string }): string {
  const list = (xs: string[]) => (xs.length ? xs.map(names.department).sort((a, b) => a.localeCompare(b)).join(", ") : "none");
  return [
    `Accountable: ${names.department(effect.accountable.departmentId)} (${names.person(effect.accountable.personId)})`,
    `Responsible: ${list(effect.responsible)}`,
    `Consulted: ${list(effect.consulted)}`,
    `Informed: ${list(effect.informed)}`,
  ].join(" · ");
}
