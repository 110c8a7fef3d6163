import { z } from "zod";
import { checkboxField, textField, uuidField } from "@/lib/validation";
import { WEBHOOK_EVENT_NAMES } from "./events";

/** Only http and https addresses with a host; anything else is refused with a reason. */
export const webhookUrl = textField("Address", 2000).refine((v) => {
  try {
    const u = new URL(v);
    return (u.protocol === "http:" || u.protocol === "https:") && u.hostname !== "" && !u.username && !u.password;
  } catch {
    return false;
  }
}, "Enter a full http:// or https:// address without a user name or password, such as https://hooks.example.com/throughline.");

const eventTypes = z.preprocess(
  (v) => (v === undefined || v === null || v === "" ? [] : Array.isArray(v) ? v : [v]),
  z.array(z.enum(WEBHOOK_EVENT_NAMES, { error: "Choose event types from the list." })).min(1, "Choose at least one event type."),
);

export const createWebhookSchema = z.object({
  name: textField("Name", 100),
  url: webhookUrl,
  target: z.enum(["standard", "chat"], { error: "Choose the kind of receiver." }),
  eventTypes,
});

export const updateWebhookSchema = z.object({
  endpointId: uuidField("an endpoint"),
  name: textField("Name", 100),
  url: webhookUrl,
  eventTypes,
  enabled: checkboxField,
});

export const endpointIdSchema = z.object({ endpointId: uuidField("an endpoint") });

/** Deleting asks the admin to type the endpoint's name, so a slip of the mouse deletes nothing. */
export const deleteWebhookSchema = z.object({ endpointId: uuidField("an endpoint"), confirmName: textField("Name", 100) });

export const replayDeliverySchema = z.object({ deliveryId: uuidField("a delivery") });

export type CreateWebhookInput = z.output<typeof createWebhookSchema>;
export type UpdateWebhookInput = z.output<typeof updateWebhookSchema>;
