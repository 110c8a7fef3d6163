import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";

let cached: string | undefined;

/**
 * AUTH_SECRET signs session cookies. When it is not set, one is generated once and kept in
 * the data directory, so the embedded start needs no configuration and sessions survive a
 * restart. Several app servers must share one secret: set AUTH_SECRET for them.
 */
export function authSecret(): string {
  if (env.AUTH_SECRET) return env.AUTH_SECRET;
  if (cached) return cached;
  const file = path.join(env.dataDir, "auth-secret");
  try {
    cached = fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(env.dataDir, { recursive: true });
    const fresh = crypto.randomBytes(48).toString("base64url");
    try {
      fs.writeFileSync(file, fresh, { flag: "wx", mode: 0o600 });
      cached = fresh;
    } catch {
      // Another process wrote it first; use theirs.
      cached = fs.readFileSync(file, "utf8").trim();
    }
  }
  if (!cached || cached.length < 32) throw new Error(`The secret in ${file} is too short; delete it to regenerate.`);
  return cached;
}
