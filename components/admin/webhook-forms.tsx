"use client";

import { ActionForm, type FormAction } from "@/components/forms/action-form";
import { FormErrorFor, SelectField, TextField } from "@/components/forms/fields";
import { CopyField } from "@/components/ui/copy-field";
import { WEBHOOK_EVENT_NAMES, WEBHOOK_EVENT_TYPES } from "@/lib/webhooks/events";

function EventTypes({ checked = [] }: { checked?: string[] }) {
  return (
    <fieldset>
      <legend className="text-sm font-medium text-slate-800">Events to send</legend>
      <div className="mt-1 space-y-1">
        {WEBHOOK_EVENT_NAMES.map((t) => (
          <label key={t} className="flex items-start gap-2 text-sm">
            <input type="checkbox" name="eventTypes" value={t} defaultChecked={checked.includes(t)} className="mt-1" />
            <span>
              <span className="font-mono text-xs">{t}</span> — {WEBHOOK_EVENT_TYPES[t]}
            </span>
          </label>
        ))}
      </div>
      <FormErrorFor name="eventTypes" label="Events to send" />
    </fieldset>
  );
}

/** The signing secret, shown once right after registering. */
function SecretOnce({ secret, endpointId }: { secret: string; endpointId: string }) {
  return (
    <div className="mt-3 space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3">
      <CopyField id="webhook-secret" label="Signing secret (shown only now)" value={secret} hint="The receiver verifies each delivery's webhook-signature header with it (Standard Webhooks)." />
      <a href={`/admin/webhooks/${endpointId}`} className="text-sm font-medium text-brand-700 underline">Open the endpoint and its deliveries</a>
    </div>
  );
}

export function CreateWebhookForm({ action }: { action: FormAction<{ endpointId: string; secret: string }> }) {
  return (
    <ActionForm action={action} submitLabel="Register endpoint" aria-label="Register a webhook endpoint" renderSuccess={(d) => <SecretOnce secret={d.secret} endpointId={d.endpointId} />}>
      <TextField name="name" label="Name" maxLength={100} autoComplete="off" required />
      <TextField name="url" label="Address" type="url" maxLength={2000} autoComplete="off" placeholder="https://hooks.example.com/throughline" hint="http:// or https:// only." required />
      <SelectField
        name="target"
        label="Receiver"
        defaultValue="standard"
        options={[
          { value: "standard", label: "Standard Webhooks (JSON event, signed)" },
          { value: "chat", label: "Chat incoming webhook (Slack, Teams): a readable message" },
        ]}
      />
      <EventTypes />
    </ActionForm>
  );
}

type Endpoint = { id: string; name: string; url: string; eventTypes: string[]; enabled: boolean };

export function EditWebhookForm({ endpoint, action }: { endpoint: Endpoint; action: FormAction<void> }) {
  return (
    <ActionForm action={action} submitLabel="Save endpoint" aria-label="Edit webhook endpoint" resetOnSuccess={false}>
      <input type="hidden" name="endpointId" value={endpoint.id} />
      <TextField name="name" label="Name" maxLength={100} defaultValue={endpoint.name} required />
      <TextField name="url" label="Address" type="url" maxLength={2000} defaultValue={endpoint.url} required />
      <EventTypes checked={endpoint.eventTypes} />
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="enabled" value="on" defaultChecked={endpoint.enabled} /> Enabled (enabling again starts the failure count afresh)
      </label>
    </ActionForm>
  );
}

export function ReplayDeliveryForm({ deliveryId, action }: { deliveryId: string; action: FormAction<{ endpointId: string }> }) {
  return (
    <ActionForm action={action} submitLabel="Send again" submitVariant="secondary" pendingLabel="Queuing…" aria-label="Send delivery again">
      <input type="hidden" name="deliveryId" value={deliveryId} />
    </ActionForm>
  );
}

/** A new signing secret, shown once; the old one keeps signing beside it until the time shown. */
export function RotateSecretForm({ endpointId, graceHours, action }: { endpointId: string; graceHours: number; action: FormAction<{ secret: string; previousSecretValidUntil: string }> }) {
  return (
    <ActionForm
      action={action}
      submitLabel="Rotate signing secret"
      submitVariant="secondary"
      pendingLabel="Rotating…"
      aria-label="Rotate signing secret"
      renderSuccess={(d) => (
        <div className="mt-3 space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3">
          <CopyField id="webhook-new-secret" label="New signing secret (shown only now)" value={d.secret} hint="Give it to the receiver. Until the old secret stops, each delivery carries both signatures." />
          <p className="text-xs text-slate-700" data-testid="grace-until">
            The old secret signs too until <time dateTime={d.previousSecretValidUntil}>{d.previousSecretValidUntil.replace("T", " ").slice(0, 16)} UTC</time>.
          </p>
        </div>
      )}
    >
      <input type="hidden" name="endpointId" value={endpointId} />
      <p className="text-xs text-slate-600">Makes a new secret. For {graceHours === 1 ? "1 hour" : `${graceHours} hours`} deliveries are signed with both the old and the new one, so the receiver can switch without missing any.</p>
    </ActionForm>
  );
}

/** Deleting asks for the endpoint's name; the delivery log goes with it. */
export function DeleteWebhookForm({ endpointId, name, action }: { endpointId: string; name: string; action: FormAction<unknown> }) {
  return (
    <ActionForm action={action} submitLabel="Delete endpoint" submitVariant="danger" pendingLabel="Deleting…" aria-label="Delete webhook endpoint">
      <input type="hidden" name="endpointId" value={endpointId} />
      <TextField name="confirmName" label={`Type “${name}” to delete this endpoint`} maxLength={100} autoComplete="off" hint="Nothing is sent to it again, and its delivery log is deleted with it. The audit log keeps the events." required />
    </ActionForm>
  );
}
