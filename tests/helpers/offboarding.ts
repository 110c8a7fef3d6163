import type { Executor } from "@/db/client";
import { loadOffboardingPreview, type OffboardingSubject } from "@/lib/offboarding/queries";
import { CHOICE_PREFIX } from "@/lib/offboarding/schemas";

/** The form an admin posts after looking at the preview: its fingerprint and a choice per item key. */
export async function offboardingForm(db: Executor, subject: OffboardingSubject, choices: Record<string, string> = {}, reason = "") {
  const preview = await loadOffboardingPreview(db, subject);
  const form: Record<string, string> = { subjectKind: subject.kind, subjectId: subject.id, fingerprint: preview.fingerprint, reason };
  for (const [key, successor] of Object.entries(choices)) form[`${CHOICE_PREFIX}${key}`] = successor;
  return form;
}
