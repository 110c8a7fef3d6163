"use server";

import { authedAction } from "@/lib/actions";
import { createWebhook, replayDelivery, updateWebhook } from "@/lib/webhooks/commands";
import { createWebhookSchema, replayDeliverySchema, updateWebhookSchema } from "@/lib/webhooks/schemas";


export const createWebhookAction = authedAction(createWebhookSchema, "webhooks.manage", (input, actor) => createWebhook({ actor, input }), {
  message: "Endpoint registered. Copy its signing secret now: it is not shown again.",
});

export const updateWebhookAction = authedAction(updateWebhookSchema, "webhooks.manage", (input, actor) => updateWebhook({ actor, input }), {
  message: "Changes saved.",
});

export const replayDeliveryAction = authedAction(replayDeliverySchema, "webhooks.manage", (input, actor) => replayDelivery({ actor, deliveryId: input.deliveryId }), {
  message: "Queued to be sent again.",
});
