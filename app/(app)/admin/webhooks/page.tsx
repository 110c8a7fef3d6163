import type { Metadata } from "next";
import Link from "next/link";
import { AdminTabs } from "@/components/admin/admin-tabs";
import { CreateWebhookForm } from "@/components/admin/webhook-forms";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardTitle, EmptyState, PageHeader } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { requireUser } from "@/lib/auth/guard";
import { listWebhooks } from "@/lib/webhooks/queries";
import { createWebhookAction } from "./actions";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireUser("webhooks.manage");
  const [endpoints, params] = await Promise.all([listWebhooks({ actor }), searchParams]);
  const deleted = typeof params.deleted === "string" ? params.deleted.slice(0, 100) : null;
  const deliveries = Number(params.deliveries);
  return (
    <>
      <PageHeader title="Admin" description="Webhooks send governance events to other systems and chat channels as they happen." />
      <AdminTabs current="/admin/webhooks" />
      {deleted ? (
        <Alert tone="success" className="mb-4">
          The endpoint “{deleted}” was deleted{Number.isInteger(deliveries) && deliveries >= 0 ? ` with ${deliveries === 1 ? "1 logged delivery" : `${deliveries} logged deliveries`}` : ""}.
        </Alert>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="lg:col-span-2">
          {endpoints.length === 0 ? (
            <EmptyState title="No webhook endpoints yet">Register the first one with the form on this page.</EmptyState>
          ) : (
            <Table caption="Webhook endpoints">
              <thead>
                <tr>
                  <Th>Name</Th>
                  <Th>Address</Th>
                  <Th>Events</Th>
                  <Th>Status</Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {endpoints.map((e) => (
                  <tr key={e.id}>
                    <Td>
                      <Link href={`/admin/webhooks/${e.id}`} className="font-medium text-brand-700 underline">{e.name}</Link>
                      <div className="text-xs text-slate-500">{e.target === "chat" ? "Chat message" : "Standard Webhooks"}</div>
                    </Td>
                    <Td className="break-all font-mono text-xs">{e.url}</Td>
                    <Td className="text-xs">{e.eventTypes.join(", ")}</Td>
                    <Td>{e.enabled ? <Badge tone="green">Enabled</Badge> : <Badge tone="red">Disabled</Badge>}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </div>
        <Card aria-labelledby="new-webhook" className="h-fit">
          <CardTitle id="new-webhook">Register an endpoint</CardTitle>
          <CreateWebhookForm action={createWebhookAction} />
        </Card>
      </div>
    </>
  );
}
