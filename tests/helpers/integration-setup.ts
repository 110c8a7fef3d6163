import { vi } from "vitest";
import type * as CurrentUserModule from "@/lib/auth/current-user";

// The suites' webhook receivers listen on 127.0.0.1; the guard against private addresses is
// tested on its own (tests/integration/webhook-targets.test.ts) by turning this off.
process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS ??= "true";

// The signed-in user comes from the Auth.js cookie in the app; tests choose it explicitly.
vi.mock("@/lib/auth/current-user", async (importOriginal) => {
  const original = await importOriginal<typeof CurrentUserModule>();
  const { testSession } = await import("./session");
  return { ...original, currentUser: vi.fn(async () => testSession.actor) };
});

// Auth.js imports next/server, which plain Node cannot resolve; tests never go through it.
vi.mock("@/lib/auth/config", () => ({ auth: vi.fn(async () => null), signIn: vi.fn(), signOut: vi.fn(), handlers: {} }));
