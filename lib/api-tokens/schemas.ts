import { z } from "zod";
import { SERVICE_SCOPES } from "@/lib/permissions";
import { checkboxField, textField } from "@/lib/validation";
import { TOKEN_LIFETIMES } from "./lifetimes";

export { TOKEN_LIFETIME_LABELS, TOKEN_LIFETIMES } from "./lifetimes";


const lifetimeField = z.enum(TOKEN_LIFETIMES, { error: "Choose how long the token lasts." });

export const createPersonalTokenSchema = z.object({
  name: textField("Token name", 100),
  readOnly: checkboxField,
  expiresIn: lifetimeField,
});
export type CreatePersonalTokenInput = z.output<typeof createPersonalTokenSchema>;

// A form sends one value per ticked box (FormData → array or string); JSON sends an array.
const scopesField = z.preprocess(
  (v) => (v === undefined || v === null || v === "" ? [] : Array.isArray(v) ? v : [v]),
  z
    .array(z.enum(SERVICE_SCOPES, { error: "That is not a scope a service token may hold." }))
    .min(1, "Choose at least one scope.")
    .max(SERVICE_SCOPES.length)
    .transform((s) => [...new Set(s)]),
);

export const createServiceTokenSchema = z.object({
  name: textField("Token name", 100),
  scopes: scopesField,
  expiresIn: lifetimeField,
});
export type CreateServiceTokenInput = z.output<typeof createServiceTokenSchema>;

export const revokeTokenSchema = z.object({
  tokenId: z.string({ error: "Choose a token." }).trim().pipe(z.uuid("That token does not exist.")),
});
