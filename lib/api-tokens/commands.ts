import { and, desc, eq, sql } from "drizzle-orm";
import { getDb, type Executor } from "@/db/client";
import { apiTokens, users, type ApiToken } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/current-user";
import { forbidden, notFound } from "@/lib/errors";
import { can } from "@/lib/permissions";
import { inTransaction } from "@/lib/tx";
import type { CreatePersonalTokenInput, CreateServiceTokenInput } from "./schemas";
import { newTokenSecret } from "./secret";

export const tokenSnapshot = (t: ApiToken) => ({
  kind: t.kind,
  name: t.name,
  userId: t.userId,
  readOnly: t.readOnly,
  scopes: [...t.scopes],
  prefix: t.prefix,
  expiresAt: t.expiresAt ? t.expiresAt.toISOString() : null,
  revoked: t.revokedAt !== null,
});

const expiry = (expiresIn: string) => (expiresIn === "never" ? null : sql`now() + make_interval(days => ${Number(expiresIn)}::int)`);

/** What creating a token returns: the secret, shown once and never stored. */
export type CreatedToken = { tokenId: string; secret: string; prefix: string };

async function insertToken(tx: Executor, actor: Actor, values: { kind: "personal" | "service"; name: string; userId: string | null; readOnly: boolean; scopes: string[]; expiresIn: string }): Promise<CreatedToken> {
  const { secret, hash, prefix } = newTokenSecret();
  const [row] = await tx
    .insert(apiTokens)
    .values({ kind: values.kind, name: values.name, userId: values.userId, createdById: actor.id, readOnly: values.readOnly, scopes: values.scopes, tokenHash: hash, prefix, expiresAt: expiry(values.expiresIn) as unknown as Date })
    .returning();
  await recordAudit(tx, { actorId: actor.id, action: "api_token.created", entityType: "api_token", entityId: row!.id, after: tokenSnapshot(row!) });
  return { tokenId: row!.id, secret, prefix };
}

/** A personal token acting as `actor` (optionally read-only). */
export async function createPersonalToken({ actor, input }: { actor: Actor; input: CreatePersonalTokenInput }): Promise<CreatedToken> {
  if (!can(actor.role, "api_tokens.create")) throw forbidden();
  return inTransaction((tx) => insertToken(tx, actor, { kind: "personal", name: input.name, userId: actor.id, readOnly: input.readOnly, scopes: [], expiresIn: input.expiresIn }));
}

/** A service token holding `scopes` (admins only). */
export async function createServiceToken({ actor, input }: { actor: Actor; input: CreateServiceTokenInput }): Promise<CreatedToken> {
  if (!can(actor.role, "api_tokens.manage")) throw forbidden();
  return inTransaction((tx) => insertToken(tx, actor, { kind: "service", name: input.name, userId: null, readOnly: true, scopes: input.scopes, expiresIn: input.expiresIn }));
}

/**
 * Revokes a token at once. Its owner may revoke a personal token; an admin any token. Anyone
 * else hears "not found" (another person's token is not theirs to see). Revoking twice is a no-op.
 */
export async function revokeToken({ actor, tokenId }: { actor: Actor; tokenId: string }): Promise<void> {
  await inTransaction(async (tx) => {
    const [token] = await tx.select().from(apiTokens).where(eq(apiTokens.id, tokenId)).for("update");
    const mayManage = can(actor.role, "api_tokens.manage");
    if (!token || (!mayManage && !(token.kind === "personal" && token.userId === actor.id && can(actor.role, "api_tokens.create")))) throw notFound("That token");
    if (token.revokedAt) return;
    const [after] = await tx
      .update(apiTokens)
      .set({ revokedAt: sql`now()` as unknown as Date, revokedById: actor.id })
      .where(eq(apiTokens.id, tokenId))
      .returning();
    await recordAudit(tx, { actorId: actor.id, action: "api_token.revoked", entityType: "api_token", entityId: tokenId, before: tokenSnapshot(token), after: tokenSnapshot(after!) });
  });
}

export type TokenRow = {
  id: string;
  kind: "personal" | "service";
  name: string;
  prefix: string;
  readOnly: boolean;
  scopes: string[];
  createdAt: Date;
  createdByName: string;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

const tokenRow = {
  id: apiTokens.id,
  kind: apiTokens.kind,
  name: apiTokens.name,
  prefix: apiTokens.prefix,
  readOnly: apiTokens.readOnly,
  scopes: apiTokens.scopes,
  createdAt: apiTokens.createdAt,
  createdByName: users.name,
  expiresAt: apiTokens.expiresAt,
  lastUsedAt: apiTokens.lastUsedAt,
  revokedAt: apiTokens.revokedAt,
};

/** The actor's own personal tokens, newest first (live and revoked: the page says which). */
export async function listMyTokens({ actor }: { actor: Actor }): Promise<TokenRow[]> {
  if (!can(actor.role, "api_tokens.create")) throw forbidden();
  const db = await getDb();
  return db
    .select(tokenRow)
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.createdById))
    .where(and(eq(apiTokens.kind, "personal"), eq(apiTokens.userId, actor.id)))
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id));
}

/** Every service token (admins only), newest first. */
export async function listServiceTokens({ actor }: { actor: Actor }): Promise<TokenRow[]> {
  if (!can(actor.role, "api_tokens.manage")) throw forbidden();
  const db = await getDb();
  return db
    .select(tokenRow)
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.createdById))
    .where(eq(apiTokens.kind, "service"))
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id));
}
