import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AdminTabs } from "@/components/admin/admin-tabs";
import { DeleteWebhookForm, EditWebhookForm, ReplayDeliveryForm, RotateSecretForm } from "@/components/admin/webhook-forms";
import { HistoryLink } from "@/components/audit/history-link";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardTitle, EmptyState, PageHeader } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { requireUser } from "@/lib/auth/guard";
import { isDomainError } from "@/lib/errors";
import { getTimeZone } from "@/lib/settings";
import { formatDateTime } from "@/lib/time-format";
import { isUuid } from "@/lib/validation";
import { DELIVERIES_SHOWN, getWebhook } from "@/lib/webhooks/queries";
import { env } from "@/lib/env";
import { deleteWebhookAction, replayDeliveryAction, rotateWebhookSecretAction, updateWebhookAction } from "../actions";

export const metadata: Metadata = { title: "Webhook endpoint" };

type Props = { params: Promise<{ id: string }> };

const STATUS = { pending: { tone: "amber", label: "Pending" }, delivered: { tone: "green", label: "Delivered" }, failed: { tone: "red", label: "Failed" } } as const;

export default async function WebhookPage({ params }: Props) {
  const actor = await requireUser("webhooks.manage");
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const [{ endpoint, deliveries, total }, zone] = await Promise.all([
    getWebhook({ actor, endpointId: id }).catch((e: unknown) => {
      if (isDomainError(e)) notFound();
      throw e;
    }),
    getTimeZone(),
  ]);
  return (
    <>
      <PageHeader title="Admin" description={`Webhook endpoint “${endpoint.name}”.`} />
      <AdminTabs current="/admin/webhooks" />
      <p className="mb-4 text-sm">
        <Link href="/admin/webhooks" className="link">All endpoints</Link>
      </p>
      {!endpoint.enabled ? (
        <Alert tone="error" className="mb-4">
          This endpoint is disabled{endpoint.disabledReason ? `: ${endpoint.disabledReason}` : "."} Nothing is sent to it until it is enabled again.
        </Alert>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-3">
        <section aria-labelledby="deliveries" className="space-y-3 lg:col-span-2">
          <h2 id="deliveries" className="text-lg font-semibold">Deliveries</h2>
          <p className="text-sm text-slate-600">
            {total === 0 ? "Nothing has been sent yet." : `The latest ${Math.min(total, DELIVERIES_SHOWN)} of ${total.toLocaleString("en")}, newest first.`}
          </p>
          {deliveries.length === 0 ? (
            <EmptyState title="No deliveries yet">Events of the chosen types appear here as they happen.</EmptyState>
          ) : (
            <Table caption="Deliveries of this endpoint">
              <thead>
                <tr>
                  <Th>Event</Th>
                  <Th>Status</Th>
                  <Th>Attempts</Th>
                  <Th>Last answer</Th>
                  <Th>
                    <span className="sr-only">Send again</span>
                  </Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {deliveries.map((d) => (
                  <tr key={d.id} data-delivery={d.id}>
                    <Td>
                      <div className="font-mono text-xs">{d.eventType}</div>
                      <div className="text-xs text-slate-500">{formatDateTime(d.createdAt, zone)}</div>
                    </Td>
                    <Td>
                      <Badge tone={STATUS[d.status].tone}>{STATUS[d.status].label}</Badge>
                    </Td>
                    <Td>{d.attempts}</Td>
                    <Td className="text-xs">
                      {d.lastStatusCode !== null ? `HTTP ${d.lastStatusCode}` : d.attempts ? "No answer" : "—"}
                      {d.lastDurationMs !== null ? ` in ${d.lastDurationMs} ms` : ""}
                      {d.lastError ? <div className="text-red-700">{d.lastError}</div> : null}
                    </Td>
                    <Td>{endpoint.enabled ? <ReplayDeliveryForm deliveryId={d.id} action={replayDeliveryAction} /> : null}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </section>
        <div className="space-y-6">
        <Card aria-labelledby="edit-webhook" className="h-fit">
          <CardTitle id="edit-webhook">Endpoint</CardTitle>
          <p className="mb-3 text-xs text-slate-600">{endpoint.target === "chat" ? "Chat incoming webhook: a readable message." : "Standard Webhooks: the JSON event, signed."}</p>
          <EditWebhookForm endpoint={endpoint} action={updateWebhookAction} />
          <div className="mt-4">
            <HistoryLink role={actor.role} entityType="webhook" entityId={endpoint.id} />
          </div>
        </Card>
        <Card aria-labelledby="signing-secret" className="h-fit">
          <CardTitle id="signing-secret">Signing secret</CardTitle>
          {endpoint.previousSecretSigns && endpoint.previousSecretExpiresAt ? (
            <p className="mb-3 text-xs text-slate-700">The previous secret signs too until {formatDateTime(endpoint.previousSecretExpiresAt, zone)}.</p>
          ) : null}
          <RotateSecretForm endpointId={endpoint.id} graceHours={env.WEBHOOK_SECRET_GRACE_HOURS} action={rotateWebhookSecretAction} />
        </Card>
        <Card aria-labelledby="delete-webhook" className="h-fit">
          <CardTitle id="delete-webhook">Delete</CardTitle>
          <DeleteWebhookForm endpointId={endpoint.id} name={endpoint.name} action={deleteWebhookAction} />
        </Card>
        </div>
      </div>
    </>
  );
}
