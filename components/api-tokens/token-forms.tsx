"use client";

import { ActionForm, type FormAction } from "@/components/forms/action-form";
import { SelectField, TextField } from "@/components/forms/fields";
import { CopyField } from "@/components/ui/copy-field";
import type { CreatedToken } from "@/lib/api-tokens/commands";
import { TOKEN_LIFETIME_LABELS, TOKEN_LIFETIMES } from "@/lib/api-tokens/lifetimes";

const lifetimes = TOKEN_LIFETIMES.map((v) => ({ value: v, label: TOKEN_LIFETIME_LABELS[v] }));

/** The new token's secret, shown once with a copy button: it is never shown again. */
function TokenSecret({ token }: { token: CreatedToken }) {
  return (
    <div className="rounded-md border border-amber-300 bg-amber-50 p-3">
      <CopyField
        id={`secret-${token.tokenId}`}
        testId="new-token-secret"
        label="Your new token (copy it now: it will not be shown again)"
        value={token.secret}
        hint="Send it as Authorization: Bearer <token>. Only its fingerprint is stored."
      />
    </div>
  );
}

export function CreatePersonalTokenForm({ action }: { action: FormAction<CreatedToken> }) {
  return (
    <ActionForm action={action} submitLabel="Create token" pendingLabel="Creating…" aria-label="Create a personal API token" renderSuccess={(t) => <TokenSecret token={t} />} className="space-y-3">
      <TextField name="name" label="Token name" hint="What it is for, e.g. “Weekly report script”." maxLength={100} required />
      <SelectField name="expiresIn" label="Expires" options={lifetimes} defaultValue="90" />
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="readOnly" value="true" /> Read-only (it can read but never change anything)
      </label>
    </ActionForm>
  );
}

export function CreateServiceTokenForm({ action, scopes }: { action: FormAction<CreatedToken>; scopes: { value: string; label: string }[] }) {
  return (
    <ActionForm action={action} submitLabel="Create service token" pendingLabel="Creating…" aria-label="Create a service API token" renderSuccess={(t) => <TokenSecret token={t} />} className="space-y-3">
      <TextField name="name" label="Token name" hint="The system that will use it, e.g. “Data warehouse”." maxLength={100} required />
      <SelectField name="expiresIn" label="Expires" options={lifetimes} defaultValue="90" />
      <fieldset className="space-y-1">
        <legend className="text-sm font-medium text-slate-800">Scopes (what it may read)</legend>
        {scopes.map((s) => (
          <label key={s.value} className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="scopes" value={s.value} /> {s.label} <span className="font-mono text-xs text-slate-500">{s.value}</span>
          </label>
        ))}
      </fieldset>
    </ActionForm>
  );
}

export function RevokeTokenForm({ action, tokenId, name }: { action: FormAction<void>; tokenId: string; name: string }) {
  return (
    <ActionForm action={action} submitLabel="Revoke" submitVariant="danger" pendingLabel="Revoking…" aria-label={`Revoke token ${name}`} inline>
      <input type="hidden" name="tokenId" value={tokenId} />
    </ActionForm>
  );
}
