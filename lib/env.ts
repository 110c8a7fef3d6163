import path from "node:path";
import { z } from "zod";

// Every environment variable the app reads is declared here, once, with the default that
// makes the embedded start work with no configuration at all.
const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .trim()
    .min(1)
    .refine((v) => /^postgres(ql)?:\/\//.test(v), "DATABASE_URL must start with postgres:// or postgresql://")
    .optional(),
  DATA_DIR: z.string().trim().min(1).default(".data"),
  PGLITE_DIR: z.string().trim().min(1).optional(),
  AUTH_SECRET: z.string().min(32, "AUTH_SECRET must be at least 32 characters").optional(),
  THROUGHLINE_MODE: z.enum(["demo", "production"]).default("demo"),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  // How often each server follows up stale goals and overdue disputes; 0 turns the job off.
  STALE_SWEEP_MINUTES: z.coerce.number().int().min(0).max(1440).default(10),
  // The deployment says a reverse proxy is in front: only then are X-Forwarded-Host,
  // X-Forwarded-For and X-Forwarded-Proto believed. Without one, any client could send them.
  TRUST_PROXY: z
    .enum(["true", "false", "1", "0"], { error: 'TRUST_PROXY must be "true", "false", "1" or "0"' })
    .default("false")
    .transform((v) => v === "true" || v === "1"),
});

export type Env = z.infer<typeof envSchema> & { dataDir: string; pgliteDir: string };

function loadEnv(): Env {
  const raw = Object.fromEntries(
    Object.entries(process.env).filter(([, v]) => v !== undefined && v !== ""),
  );
  const parsed = envSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment:\n${lines}`);
  }
  const dataDir = path.resolve(/*turbopackIgnore: true*/ parsed.data.DATA_DIR);
  return {
    ...parsed.data,
    dataDir,
    pgliteDir: path.resolve(/*turbopackIgnore: true*/ parsed.data.PGLITE_DIR ?? path.join(dataDir, "pglite")),
  };
}

export const env: Env = loadEnv();
export const isDemoMode = env.THROUGHLINE_MODE === "demo";
