"use client";

import { ActionForm, type FormAction } from "@/components/forms/action-form";
import { TextField } from "@/components/forms/fields";
import { LinkButton } from "@/components/ui/button";
import type { UserRow } from "@/lib/users/queries";
import { InviteLink } from "./invite-link";

export function UserAccessPanel({
  user,
  isSelf,
  reactivateAction,
  issueInviteAction,
  emailEnabled,
  passwordsOn,
}: {
  user: UserRow;
  /** SMTP is configured: a new link goes to the user by email instead of being shown. */
  emailEnabled: boolean;
  /** False with AUTH_SSO_ONLY: no password links. */
  passwordsOn: boolean;
  isSelf: boolean;
  reactivateAction: FormAction<void>;
  issueInviteAction: FormAction<{ invitePath: string | null; emailedTo: string | null }>;
}) {
  return (
    <div className="space-y-6">
      <p className="text-sm text-slate-700">
        {!passwordsOn
          ? "Signs in with single sign-on (passwords are turned off)."
          : user.hasPassword
            ? "Has a password."
            : user.invitePending
              ? "Has not chosen a password yet; an invite link is pending."
              : "Has no password and no pending link."}
      </p>
      {user.active ? (
        isSelf ? (
          <p className="text-sm text-slate-600">You cannot deactivate your own account.</p>
        ) : (
          <div className="space-y-1">
            <LinkButton href={`/admin/users/${user.id}/deactivate`} variant="danger">Deactivate user…</LinkButton>
            <p className="text-xs text-slate-600">First shows what they own, so you can hand each item on or leave it flagged.</p>
          </div>
        )
      ) : (
        <ActionForm action={reactivateAction} submitLabel="Reactivate user" pendingLabel="Reactivating…" aria-label="Reactivate user">
          <input type="hidden" name="userId" value={user.id} />
          <TextField name="reason" label="Reason (optional)" maxLength={500} />
        </ActionForm>
      )}
      {user.active && passwordsOn ? (
        <ActionForm
          action={issueInviteAction}
          submitVariant="secondary"
          submitLabel={emailEnabled ? (user.hasPassword ? "Email a password-reset link" : "Email a new invite link") : user.hasPassword ? "Create a password-reset link" : "Create a new invite link"}
          pendingLabel="Creating…"
          aria-label="One-time sign-in link"
          renderSuccess={(d) => <InviteLink path={d.invitePath} emailedTo={d.emailedTo} />}
        >
          <input type="hidden" name="userId" value={user.id} />
        </ActionForm>
      ) : null}
    </div>
  );
}
