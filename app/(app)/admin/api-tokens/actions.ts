"use server";

import { authedAction } from "@/lib/actions";
import { createServiceToken, revokeToken } from "@/lib/api-tokens/commands";
import { createServiceTokenSchema, revokeTokenSchema } from "@/lib/api-tokens/schemas";

export const createServiceTokenAction = authedAction(createServiceTokenSchema, "api_tokens.manage", (input, actor) => createServiceToken({ actor, input }), {
  message: "Service token created.",
});

export const revokeServiceTokenAction = authedAction(revokeTokenSchema, "api_tokens.manage", ({ tokenId }, actor) => revokeToken({ actor, tokenId }), {
  message: "Token revoked.",
});
