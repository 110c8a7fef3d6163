"use server";

import { redirect } from "next/navigation";
import { authedAction } from "@/lib/actions";
import { createWebhook, deleteWebhook, replayDelivery, rotateWebhookSecret, updateWebhook } from "@/lib/webhooks/commands";
import { createWebhookSchema, deleteWebhookSchema, endpointIdSchema, replayDeliverySchema, updateWebhookSchema } from "@/lib/webhooks/schemas";

export const createWebhookAction = authedAction(createWebhookSchema, "webhooks.manage", (input, actor) => createWebhook({ actor, input }), {
  message: "Endpoint registered. Copy its signing secret now: it is not shown again.",
});

export const updateWebhookAction = authedAction(updateWebhookSchema, "webhooks.manage", (input, actor) => updateWebhook({ actor, input }), {
  message: "Changes saved.",
});

export const replayDeliveryAction = authedAction(replayDeliverySchema, "webhooks.manage", (input, actor) => replayDelivery({ actor, deliveryId: input.deliveryId }), {
  message: "Queued to be sent again.",
});

export const rotateWebhookSecretAction = authedAction(endpointIdSchema, "webhooks.manage", (input, actor) => rotateWebhookSecret({ actor, endpointId: input.endpointId }), {
  message: "New signing secret made. Copy it now: it is not shown again.",
});

const deleteWebhookCommand = authedAction(deleteWebhookSchema, "webhooks.manage", async (input, actor) => ({ ...(await deleteWebhook({ actor, ...input })), name: input.confirmName.trim() }));

/** Deletes, then goes to the list (the endpoint's own page is gone), which says what was deleted. */
export async function deleteWebhookAction(prev: unknown, payload: FormData | Record<string, unknown>) {
  const result = await deleteWebhookCommand(prev, payload as never);
  if (result.ok) redirect(`/admin/webhooks?deleted=${encodeURIComponent(result.data.name)}&deliveries=${result.data.deliveriesRemoved}`);
  return result;
}
