import crypto from "node:crypto";
import { authSecret } from "@/lib/auth/secret";

// A signing secret must be readable to sign with, so it cannot be hashed like a password: it is
// stored encrypted (AES-256-GCM) under a key derived from AUTH_SECRET, and shown to the admin
// once, when the endpoint is registered. A copy of the database alone does not reveal it.
const key = () => crypto.createHash("sha256").update(`throughline webhook secrets\0${authSecret()}`).digest();

/** A new secret in the Standard Webhooks form: "whsec_" and 32 random bytes in base64. */
export function newWebhookSecret(): string {
  return `whsec_${crypto.randomBytes(32).toString("base64")}`;
}

export function encryptSecret(secret: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", key(), iv);
  const data = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), data.toString("base64url")].join(".");
}

export function decryptSecret(stored: string): string {
  const [version, iv, tag, data] = stored.split(".");
  if (version !== "v1" || !iv || !tag || !data) throw new Error("unreadable webhook secret");
  const decipher = crypto.createDecipheriv("aes-256-gcm", key(), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
}
