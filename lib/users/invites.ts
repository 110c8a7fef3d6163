import crypto from "node:crypto";

export const INVITE_TTL_DAYS = 7;

export function newInviteToken(): { token: string; tokenHash: string } {
  const token = crypto.randomBytes(32).toString("base64url");
  return { token, tokenHash: hashInviteToken(token) };
}

export function hashInviteToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

export const invitePath = (token: string) => `/invite/${token}`;
