import crypto from "node:crypto";

// A token is "tl_" and 43 base64url characters (32 random bytes): recognisable in a leaked log or
// a secret scanner, and too long to guess. Only its SHA-256 is stored; "prefix" (the first 11
// characters) is shown so people can tell their tokens apart.
export const TOKEN_PREFIX = "tl_";
export const TOKEN_PATTERN = /^tl_[A-Za-z0-9_-]{43}$/;
export const PREFIX_LENGTH = 11;

export function newTokenSecret(): { secret: string; hash: string; prefix: string } {
  const secret = `${TOKEN_PREFIX}${crypto.randomBytes(32).toString("base64url")}`;
  return { secret, hash: hashTokenSecret(secret), prefix: secret.slice(0, PREFIX_LENGTH) };
}

export function hashTokenSecret(secret: string): string {
  return crypto.createHash("sha256").update(secret).digest("hex");
}
