"use client";

import { useState } from "react";
import { ActionForm, type FormAction } from "@/components/forms/action-form";
import { SelectField, TextField, type Option } from "@/components/forms/fields";
import { FormErrorFor } from "@/components/forms/fields";
import type { CreatedUser } from "@/lib/users/commands";
import { ROLES, ROLE_LABELS } from "@/lib/permissions";
import { PASSWORD_MIN } from "@/lib/form-data";
import { InviteLink } from "./invite-link";

type Setup = "invite" | "password" | "sso";

/**
 * `emailEnabled`: SMTP is set, so the one-time link goes by email; `ssoName`: the identity
 * provider when single sign-on is set up; `passwordsOn`: false with AUTH_SSO_ONLY.
 */
export function CreateUserForm({ action, departments, emailEnabled, ssoName, passwordsOn }: { action: FormAction<CreatedUser>; departments: Option[]; emailEnabled: boolean; ssoName: string | null; passwordsOn: boolean }) {
  const [setup, setSetup] = useState<Setup>(passwordsOn ? "invite" : "sso");
  return (
    <ActionForm
      action={action}
      submitLabel="Create user"
      aria-label="Create user"
      renderSuccess={(d) => (
        <div className="mt-3 space-y-2">
          {d.invitePath || d.emailedTo ? <InviteLink path={d.invitePath} emailedTo={d.emailedTo} /> : null}
          <a href={`/admin/users/${d.userId}`} className="text-sm font-medium text-brand-700 underline">Open the new user</a>
        </div>
      )}
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField name="name" label="Full name" autoComplete="off" maxLength={120} required />
        <TextField name="email" label="Email" type="email" autoComplete="off" maxLength={254} required />
        <SelectField name="role" label="Role" options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))} placeholder="Choose a role" required />
        <SelectField name="departmentId" label="Department" options={departments} placeholder="No department" hint="Required for department heads and members." />
      </div>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-800">How will they sign in?</legend>
        {ssoName ? (
          <label className="flex items-center gap-2 text-sm">
            <input type="radio" name="setup" value="sso" checked={setup === "sso"} onChange={() => setSetup("sso")} />
            With {ssoName}, no password (matched by the verified email {ssoName} sends)
          </label>
        ) : null}
        {passwordsOn ? (
          <>
            <label className="flex items-center gap-2 text-sm">
              <input type="radio" name="setup" value="invite" checked={setup === "invite"} onChange={() => setSetup("invite")} />
              {emailEnabled ? "Send them a one-time link by email so they choose their own password (recommended)" : "Create a one-time link so they choose their own password (recommended)"}
            </label>
            <label className="flex items-center gap-2 text-sm">
              <input type="radio" name="setup" value="password" checked={setup === "password"} onChange={() => setSetup("password")} />
              Set an initial password now
            </label>
          </>
        ) : null}
        <FormErrorFor name="setup" label="How will they sign in?" />
      </fieldset>
      {setup === "password" ? (
        <TextField name="password" label="Initial password" type="password" autoComplete="new-password" hint={`At least ${PASSWORD_MIN} characters. Share it with them privately.`} required />
      ) : null}
    </ActionForm>
  );
}
