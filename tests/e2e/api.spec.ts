import { expect, test, type Page } from "@playwright/test";
import { expectNoSeriousA11yViolations, signInAs, unique } from "./helpers";

// REST API v1 end to end: a person creates a token in the browser, a script calls the API over
// HTTP with it (fetch with a bearer token, as curl would), the browser revokes it and the
// script is refused; an admin creates a service token with scopes.

const api = (baseURL: string | undefined, path: string, token: string | null, init: RequestInit = {}) =>
  fetch(new URL(path, baseURL), { ...init, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(init.headers as Record<string, string>) }, redirect: "manual" });

async function createToken(page: Page, name: string, { readOnly = false } = {}): Promise<string> {
  await page.goto("/account");
  const form = page.getByRole("form", { name: "Create a personal API token" });
  await form.getByLabel("Token name").fill(name);
  if (readOnly) await form.getByRole("checkbox", { name: /Read-only/ }).check();
  await form.getByRole("button", { name: "Create token" }).click();
  const secret = page.getByTestId("new-token-secret");
  await expect(secret).toHaveValue(/^tl_[A-Za-z0-9_-]{43}$/);
  return secret.inputValue();
}

test("a head creates a token, calls the API with it, and revoking it in the browser stops it", async ({ page, baseURL }) => {
  await signInAs(page, "sales.head");
  const name = unique("Weekly script");
  const token = await createToken(page, name);
  // Shown once: after a reload the table lists it by name and prefix, never the secret.
  await page.reload();
  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row).toContainText(token.slice(0, 11));
  await expect(row.getByRole("cell").nth(4), "last used").toHaveText("Never");
  await expect(page.locator("body")).not.toContainText(token);

  const journeys = await api(baseURL, "/api/v1/journeys?limit=2", token);
  expect(journeys.status).toBe(200);
  const list = (await journeys.json()) as { data: { id: string }[]; total: number; nextCursor: string | null };
  expect(list.data.length).toBeGreaterThan(0);
  const board = (await (await api(baseURL, `/api/v1/journeys/${list.data[0]!.id}`, token)).json()) as { stages: { id: string; raci: unknown[] }[]; departments: { id: string; name: string }[] };
  expect(board.stages[0]).toHaveProperty("raci");

  // A write through the same command as the UI, audited with the token.
  const other = board.departments.find((d) => d.name !== "Sales")!;
  const raised = await api(baseURL, "/api/v1/disputes", token, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ kind: "other", title: unique("API dispute"), description: "Raised by a script.", partyDepartmentIds: [other.id] }),
  });
  expect(raised.status).toBe(201);
  const { disputeId } = (await raised.json()) as { disputeId: string };
  await page.goto(`/disputes/${disputeId}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("API dispute");

  // The permission table holds: a head does not read the audit log through the API either.
  const audit = await api(baseURL, "/api/v1/audit-events", token);
  expect(audit.status).toBe(403);
  expect(audit.headers.get("content-type")).toBe("application/problem+json");
  expect(await audit.json()).toMatchObject({ status: 403, code: "forbidden" });

  // The account page shows when it was last used; revoking it stops it at once.
  await page.goto("/account");
  const used = page.getByRole("row").filter({ hasText: name });
  await expect(used.getByRole("cell").nth(4), "last used").not.toHaveText("Never");
  await used.getByRole("button", { name: "Revoke" }).click();
  await expect(page.getByRole("row").filter({ hasText: name })).toContainText("Revoked");
  const after = await api(baseURL, "/api/v1/journeys", token);
  expect(after.status).toBe(401);
  expect(await after.json()).toMatchObject({ code: "unauthenticated" });
  await expectNoSeriousA11yViolations(page, "account with tokens");
});

test("a read-only token reads but may not write; the API never takes a session cookie", async ({ page, baseURL }) => {
  await signInAs(page, "sales.head");
  const token = await createToken(page, unique("Read only"), { readOnly: true });
  expect((await api(baseURL, "/api/v1/disputes", token)).status).toBe(200);
  const write = await api(baseURL, "/api/v1/disputes", token, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
  expect(write.status).toBe(403);
  expect((await write.json()).detail).toMatch(/read-only/);

  // The browser's own session cookie authorises nothing under /api/v1, so a cross-site page
  // cannot write through it (no Origin check needed: there is nothing to forge).
  const cookieWrite = await page.request.post("/api/v1/disputes", { headers: { origin: "https://evil.example", "content-type": "application/json" }, data: { kind: "other", title: "x", description: "y", partyDepartmentIds: [] } });
  expect(cookieWrite.status()).toBe(401);
  const cookieRead = await page.request.get("/api/v1/journeys");
  expect(cookieRead.status()).toBe(401);
  // A server action posted cross-site with the cookie is still refused by the proxy.
  const forged = await page.request.post("/account", { headers: { origin: "https://evil.example", "next-action": "x" }, data: "[]" });
  expect(forged.status()).toBe(403);
});

test("the rate limit answers 429 with Retry-After once a token passes its requests per minute", async ({ page, baseURL }) => {
  await signInAs(page, "sales.head");
  const token = await createToken(page, unique("Busy"));
  let limited: Response | null = null;
  // 120 a minute by default: a few batches pass it (or land in two windows, which the next batches fill).
  for (let batch = 0; batch < 20 && !limited; batch++) {
    const answers = await Promise.all(Array.from({ length: 25 }, () => api(baseURL, "/api/v1/journeys?limit=1", token)));
    limited = answers.find((r) => r.status === 429) ?? null;
    for (const r of answers) expect([200, 429]).toContain(r.status);
  }
  expect(limited, "a 429 within 500 requests").not.toBeNull();
  expect(Number(limited!.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
  expect(Number(limited!.headers.get("retry-after"))).toBeLessThanOrEqual(60);
  expect(await limited!.json()).toMatchObject({ code: "rate_limited", status: 429 });
});

test("an admin creates a service token with scopes; it reads only what they allow", async ({ page, baseURL }) => {
  await signInAs(page, "admin");
  await page.goto("/admin/api-tokens");
  const name = unique("Warehouse");
  const form = page.getByRole("form", { name: "Create a service API token" });
  await form.getByLabel("Token name").fill(name);
  await form.getByRole("checkbox", { name: /Read journeys/ }).check();
  await form.getByRole("button", { name: "Create service token" }).click();
  const secret = await page.getByTestId("new-token-secret").inputValue();
  expect(secret).toMatch(/^tl_/);
  expect((await api(baseURL, "/api/v1/goals?limit=5", secret)).status).toBe(200);
  expect((await api(baseURL, "/api/v1/users", secret)).status).toBe(403);
  expect((await api(baseURL, "/api/v1/audit-events", secret)).status).toBe(403);
  await page.reload();
  await expect(page.getByRole("row").filter({ hasText: name })).toContainText("app.view");
  await expectNoSeriousA11yViolations(page, "admin api tokens");
});

test("the OpenAPI document is served and the reference page renders it", async ({ page, baseURL }) => {
  const doc = await fetch(new URL("/api/v1/openapi.json", baseURL));
  expect(doc.status).toBe(200);
  const json = (await doc.json()) as { openapi: string; paths: Record<string, unknown> };
  expect(json.openapi).toBe("3.1.0");
  expect(Object.keys(json.paths)).toContain("/api/v1/check-ins");
  await signInAs(page, "sales.head");
  await page.goto("/api-reference");
  await expect(page.getByRole("heading", { name: /\/api\/v1\/check-ins/ })).toBeVisible();
  await expect(page.locator("#problem-rate_limited")).toContainText("429");
  await expectNoSeriousA11yViolations(page, "api reference");
});
