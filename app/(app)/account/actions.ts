"use server";

import { authedAction } from "@/lib/actions";
import { createPersonalToken, revokeToken } from "@/lib/api-tokens/commands";
import { createPersonalTokenSchema, revokeTokenSchema } from "@/lib/api-tokens/schemas";
import { signOutEverywhereCurrentUser } from "@/lib/auth/session-actions";

export async function signOutEverywhereAction() {
  await signOutEverywhereCurrentUser();
}

export const createPersonalTokenAction = authedAction(createPersonalTokenSchema, "api_tokens.create", (input, actor) => createPersonalToken({ actor, input }), {
  message: "Token created.",
});

export const revokeMyTokenAction = authedAction(revokeTokenSchema, "api_tokens.create", ({ tokenId }, actor) => revokeToken({ actor, tokenId }), {
  message: "Token revoked.",
});
