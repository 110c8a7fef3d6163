import path from "node:path";
import { z } from "zod";

const flag = z.enum(["true", "false", "1", "0"]).default("false").transform((v) => v === "true" || v === "1");
const minutes = (max: number, fallback: number) => z.coerce.number().int().min(1).max(max).default(fallback);

// Every environment variable the app reads is declared here, once, with the default that
// makes the embedded start work with no configuration at all.
const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .trim()
    .min(1)
    .refine((v) => /^postgres(ql)?:\/\//.test(v), "DATABASE_URL must start with postgres:// or postgresql://")
    .optional(),
  // With this set, migrations run as this login (the owner of the tables) and DATABASE_URL is the
  // login requests run as: a member of throughline_app only. README "Two database roles".
  DATABASE_MIGRATION_URL: z
    .string()
    .trim()
    .min(1)
    .refine((v) => /^postgres(ql)?:\/\//.test(v), "DATABASE_MIGRATION_URL must start with postgres:// or postgresql://")
    .optional(),
  DATA_DIR: z.string().trim().min(1).default(".data"),
  PGLITE_DIR: z.string().trim().min(1).optional(),
  AUTH_SECRET: z.string().min(32, "AUTH_SECRET must be at least 32 characters").optional(),
  THROUGHLINE_MODE: z.enum(["demo", "production"]).default("demo"),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  // PostgreSQL connection limits (README "Timeouts"): a refused or silent server fails a request
  // in seconds instead of holding it, and no connection lives forever. 0 turns one off.
  DATABASE_CONNECT_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(120).default(5),
  DATABASE_IDLE_TIMEOUT_SECONDS: z.coerce.number().int().min(0).max(86_400).default(60),
  DATABASE_MAX_LIFETIME_SECONDS: z.coerce.number().int().min(0).max(86_400).default(1800),
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(15_000),
  // How often each server follows up stale goals and overdue disputes; 0 turns the job off.
  STALE_SWEEP_MINUTES: z.coerce.number().int().min(0).max(1440).default(10),
  // Whether this process works background jobs (sweeps, webhook deliveries); it enqueues them either way.
  JOBS_WORKER: z.enum(["true", "false", "1", "0"]).default("true").transform((v) => v === "true" || v === "1"),
  // A webhook delivery attempt is abandoned (and retried) after this long without an answer.
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  // Email: an smtp:// or smtps:// URL (user and password in it); unset, notifications stay in the app.
  SMTP_URL: z.string().trim().regex(/^smtps?:\/\//, "SMTP_URL must start with smtp:// or smtps://").optional(),
  MAIL_FROM: z.string().trim().min(3).default("Throughline <throughline@localhost>"),
  // A password link asked for on the sign-in page (emailed, SMTP_URL only) works once within this many minutes.
  SIGN_IN_LINK_MINUTES: minutes(24 * 60, 30),
  // Webhook addresses that are (or resolve to) loopback, private, link-local or cloud metadata
  // addresses are refused unless this is true: for local development and the test suites only.
  WEBHOOK_ALLOW_PRIVATE_TARGETS: flag,
  // After a signing secret is rotated, deliveries carry the old secret's signature too for this long.
  WEBHOOK_SECRET_GRACE_HOURS: z.coerce.number().int().min(0).max(30 * 24).default(24),
  // An endpoint whose deliveries failed (every retry spent) this many times in a row is disabled.
  WEBHOOK_DISABLE_AFTER: z.coerce.number().int().min(1).max(1000).default(5),
  // A reverse proxy is in front: only then are X-Forwarded-Host, -Proto and -For believed (a
  // client can send its own; proxy.ts drops them otherwise). It decides which host a server
  // action's Origin must name, whether the request came over https (HSTS), and the client
  // address sign-ins are throttled by (lib/auth/client-address.ts; none without it).
  TRUST_PROXY: flag,
  // REST API: requests per token per minute (counted in the database, across app servers).
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(120),
  // Sign-in throttling: failures per email, and per client address (TRUST_PROXY only), in a window.
  SIGN_IN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  SIGN_IN_WINDOW_MINUTES: minutes(24 * 60, 15),
  SIGN_IN_IP_MAX_FAILURES: z.coerce.number().int().min(1).max(10_000).default(30),
  SIGN_IN_IP_WINDOW_MINUTES: minutes(24 * 60, 15),
  // Server-side sessions end after this long without a request, and this long after sign-in.
  SESSION_IDLE_MINUTES: minutes(30 * 24 * 60, 8 * 60),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(90 * 24).default(7 * 24),
  // Single sign-on with an OpenID Connect identity provider (README "Single sign-on"): on when
  // the issuer, client id and client secret are all set. The claim mappings are parsed and
  // checked in lib/auth/sso-claims.ts.
  OIDC_ISSUER: z.url({ protocol: /^https?$/, error: "OIDC_ISSUER must be an http(s):// URL" }).optional(),
  OIDC_CLIENT_ID: z.string().trim().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_NAME: z.string().trim().min(1).max(60).default("SSO"),
  OIDC_SCOPES: z.string().trim().min(1).default("openid email profile"),
  OIDC_ROLE_CLAIM: z.string().trim().min(1).default("groups"),
  OIDC_ROLE_MAP: z.string().trim().optional(),
  OIDC_DEPARTMENT_CLAIM: z.string().trim().min(1).default("department"),
  OIDC_DEPARTMENT_MAP: z.string().trim().optional(),
  OIDC_DEFAULT_DEPARTMENT: z.string().trim().min(1).optional(),
  // Treat the provider's email as verified even without `email_verified: true` (Entra ID sends none).
  OIDC_TRUST_EMAIL: flag,
  // Passwords off: sign-in only through the identity provider (needs OIDC_* set).
  AUTH_SSO_ONLY: flag,
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
  if (parsed.data.DATABASE_MIGRATION_URL && !parsed.data.DATABASE_URL) {
    throw new Error("Invalid environment:\n  DATABASE_MIGRATION_URL is set but DATABASE_URL is not: set both, or only DATABASE_URL.");
  }
  const oidcSet = [parsed.data.OIDC_ISSUER, parsed.data.OIDC_CLIENT_ID, parsed.data.OIDC_CLIENT_SECRET].filter(Boolean).length;
  if (oidcSet !== 0 && oidcSet !== 3) {
    throw new Error("Invalid environment:\n  single sign-on needs OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET together: set all three, or none.");
  }
  if (parsed.data.AUTH_SSO_ONLY && oidcSet === 0) {
    throw new Error("Invalid environment:\n  AUTH_SSO_ONLY turns passwords off, so it needs single sign-on: set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET.");
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
