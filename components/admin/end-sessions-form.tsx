"use client";

import { ActionForm, type FormAction } from "@/components/forms/action-form";

export function EndSessionsForm({ userId, action }: { userId: string; action: FormAction<{ sessionsEnded: number }> }) {
  return (
    <ActionForm action={action} submitLabel="End all sessions" submitVariant="danger" pendingLabel="Ending…" aria-label="End all sessions" className="mt-4">
      <input type="hidden" name="userId" value={userId} />
    </ActionForm>
  );
}
