"use client";

import { ActionForm, type FormAction } from "@/components/forms/action-form";
import { TextField } from "@/components/forms/fields";
import type { UserRow } from "@/lib/users/queries";
import { InviteLink } from "./invite-link";

export function UserAccessPanel({
  user,
  isSelf,
  setActiveAction,
  issueInviteAction,
}: {
  user: UserRow;
  isSelf: boolean;
  setActiveAction: FormAction<void>;
  issueInviteAction: FormAction<{ invitePath: string }>;
}) {
  return (
    <div className="space-y-6">
      <p className="text-sm text-slate-700">
        {user.hasPassword ? "Has a password." : user.invitePending ? "Has not chosen a password yet; an invite link is pending." : "Has no password and no pending link."}
      </p>
      {user.active ? (
        isSelf ? (
          <p className="text-sm text-slate-600">You cannot deactivate your own account.</p>
        ) : (
          <ActionForm action={setActiveAction} submitLabel="Deactivate user" submitVariant="danger" pendingLabel="Deactivating…" aria-label="Deactivate user">
            <input type="hidden" name="userId" value={user.id} />
            <input type="hidden" name="active" value="false" />
            <TextField name="reason" label="Reason (optional)" maxLength={500} hint="Kept in the audit log." />
          </ActionForm>
        )
      ) : (
        <ActionForm action={setActiveAction} submitLabel="Reactivate user" pendingLabel="Reactivating…" aria-label="Reactivate user">
          <input type="hidden" name="userId" value={user.id} />
          <input type="hidden" name="active" value="true" />
          <TextField name="reason" label="Reason (optional)" maxLength={500} />
        </ActionForm>
      )}
      {user.active ? (
        <ActionForm
          action={issueInviteAction}
          submitVariant="secondary"
          submitLabel={user.hasPassword ? "Create a password-reset link" : "Create a new invite link"}
          pendingLabel="Creating…"
          aria-label="One-time sign-in link"
          renderSuccess={(d) => <InviteLink path={d.invitePath} />}
        >
          <input type="hidden" name="userId" value={user.id} />
        </ActionForm>
      ) : null}
    </div>
  );
}
