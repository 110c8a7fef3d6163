import { expect, test, type Browser, type Page } from "@playwright/test";
import { actionRef, encodeReply } from "../e2e/http";
import { DEMO_PASSWORD, demoEmail, expectNoSeriousA11yViolations, mainNav, openUser, waitForHydration } from "../e2e/helpers";
import { SSO_E2E } from "./settings";

// Single sign-on end to end: the app (passwords off, AUTH_SSO_ONLY) and a real OpenID Connect
// provider (tests/e2e-sso/oidc-server.ts) on their own ports, the browser going back and
// forth between them. The provider's accounts and groups: tests/helpers/oidc-provider.ts.
// Each person signs in in a fresh browser context: the provider remembers its own session
// per browser, as a real one does.

const BUTTON = `Sign in with ${SSO_E2E.providerName}`;

/** From the app's sign-in page through the provider's login form and back. */
async function ssoSignIn(page: Page, login: string, callbackUrl?: string): Promise<void> {
  await page.goto(callbackUrl ? `/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/sign-in");
  const form = page.getByRole("form", { name: "Single sign-on" });
  await waitForHydration(form);
  await form.getByRole("button", { name: BUTTON }).click();
  // The provider's own page, on its own origin.
  await expect(page).toHaveURL(new RegExp(`^${SSO_E2E.issuer.replace(/\./g, "\\.")}/interaction/`));
  await page.getByPlaceholder("Enter any login").fill(login);
  await page.getByPlaceholder("and password").fill("anything: the test provider checks no password");
  await page.getByRole("button", { name: "Sign-in" }).click();
}

async function freshPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: SSO_E2E.appUrl });
  return context.newPage();
}

test("the sign-in page offers only the identity provider when passwords are off", async ({ page }) => {
  await page.goto("/sign-in");
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
  await expect(page.getByRole("button", { name: BUTTON })).toBeVisible();
  await expect(page.getByText(`Passwords are turned off here: everyone signs in with ${SSO_E2E.providerName}.`)).toBeVisible();
  await expect(page.getByLabel("Password")).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Demo accounts" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Forgot your password?" })).toHaveCount(0);
  await expectNoSeriousA11yViolations(page, "sign-in, single sign-on only");
  // There is no password to reset, and the page reached directly says so.
  await page.goto("/sign-in/link");
  await expect(page.getByText(`Passwords are turned off here: everyone signs in with ${SSO_E2E.providerName}, so there is no password to reset.`)).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveCount(0);
});

test("a password is refused on the server, by the sign-in action and by Auth.js's own endpoint", async ({ request }) => {
  // The sign-in action, posted as the form would post it, with a demo account's right password.
  const ref = actionRef("signInAction");
  const reply = await request.post(ref.path, {
    headers: { "Next-Action": ref.id, Accept: "text/x-component", Origin: SSO_E2E.appUrl },
    multipart: Object.fromEntries((encodeReply({ form: [["email", demoEmail("admin")], ["password", DEMO_PASSWORD]] }) as FormData).entries()) as Record<string, string>,
  });
  expect(reply.status()).toBe(200);
  expect(await reply.text()).toContain(`Passwords are turned off here: sign in with ${SSO_E2E.providerName}.`);
  expect(reply.headers()["set-cookie"] ?? "").not.toContain("authjs.session-token");

  // Auth.js's credentials callback, with a valid CSRF token: no such provider, no session.
  const csrf = await request.get("/api/auth/csrf");
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const callback = await request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email: demoEmail("admin"), password: DEMO_PASSWORD },
    maxRedirects: 0,
  });
  expect(callback.status()).toBe(302);
  expect(callback.headers().location).toContain("/sign-in?error=");
  expect(callback.headers()["set-cookie"] ?? "").not.toContain("authjs.session-token");
  const dashboard = await request.get("/dashboard", { maxRedirects: 0 });
  expect(dashboard.status()).toBe(307);
  expect(dashboard.headers().location).toContain("/sign-in");
});

test("a first sign-in provisions the person with the role their groups map to; sign-out ends the session on the server", async ({ browser }) => {
  const page = await freshPage(browser);
  // Lena is in the provider's cx-leads group: OIDC_ROLE_MAP makes her the CCO.
  await ssoSignIn(page, "lena", "/journeys");
  await expect(page).toHaveURL(/\/journeys$/);
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await page.goto("/whoami");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Signed in as Lena Lead.");
  // Only the CCO lays out journeys.
  await page.goto("/journeys");
  await expect(page.getByRole("form", { name: "New journey" })).toBeVisible();

  const cookies = await page.context().cookies();
  expect(cookies.some((c) => c.name === "authjs.session-token")).toBe(true);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  // A copy of the cookie taken before signing out opens nothing: the session ended in the database.
  const copy = await browser.newContext({ baseURL: SSO_E2E.appUrl });
  await copy.addCookies(cookies.filter((c) => c.domain === "localhost"));
  const copied = await copy.newPage();
  await copied.goto("/whoami");
  await expect(copied).toHaveURL(/\/sign-in\?reason=ended/);
  await copy.close();
  await page.context().close();
});

test("an admin's account is matched by verified email; a deactivated person is refused even though the provider vouches for them", async ({ browser }) => {
  // Nico signs in for the first time: a member of Sales (the provider's department claim).
  const nico = await freshPage(browser);
  await ssoSignIn(nico, "nico");
  await expect(nico).toHaveURL(/\/dashboard$/);
  await nico.goto("/whoami");
  await expect(nico.getByRole("heading", { level: 1 })).toHaveText("Signed in as Nico New.");

  // Ada's provider email is the demo admin's: she is that admin, not a new user.
  const ada = await freshPage(browser);
  await ssoSignIn(ada, "ada");
  await expect(ada).toHaveURL(/\/dashboard$/);
  await expect(mainNav(ada).getByRole("link", { name: "Admin" })).toBeVisible();
  // Nico was created as a member of Sales (no group of his is mapped; his department claim).
  await ada.goto(`/admin/users?q=${encodeURIComponent("nico.new@example.test")}`);
  const row = ada.getByRole("table", { name: "Users" }).getByRole("row").filter({ hasText: "nico.new@example.test" });
  await expect(row).toContainText("Member");
  await expect(row).toContainText("Sales");
  await openUser(ada, "nico.new@example.test");

  // The admin deactivates Nico (he owns nothing yet).
  await ada.getByRole("link", { name: "Deactivate user…" }).click();
  const form = ada.getByRole("form", { name: "Deactivate Nico New" });
  await waitForHydration(form);
  await form.getByRole("button", { name: "Deactivate Nico New" }).click();
  await expect(ada.getByRole("status").filter({ hasText: "was deactivated" })).toBeVisible();

  // Nico's open session is over at his next request…
  await nico.goto("/whoami");
  await expect(nico).toHaveURL(/\/sign-in\?reason=ended/);
  // …and the provider saying yes again does not let him back in.
  const again = await freshPage(browser);
  await ssoSignIn(again, "nico");
  await expect(again).toHaveURL(/\/sign-in\?error=sso-deactivated/);
  await expect(again.getByRole("alert").filter({ hasText: "Your Throughline account is deactivated" })).toBeVisible();
  await expect(again.getByRole("button", { name: "Sign out" })).toHaveCount(0);

  // The audit log tells the story.
  await ada.goto("/audit");
  await expect(ada.getByText("Nico New was created at their first single sign-on")).toBeVisible();
  await expect(ada.getByText("A sign-in as nico.new@example.test was refused").first()).toBeVisible();

  for (const p of [nico, ada, again]) await p.context().close();
});

test("with passwords off an admin adds a person who signs in with the provider, keeping the role the admin chose", async ({ browser }) => {
  const ada = await freshPage(browser);
  await ssoSignIn(ada, "ada", "/admin/users/new");
  await expect(ada).toHaveURL(/\/admin\/users\/new$/);
  const form = ada.getByRole("form", { name: "Create user" });
  await waitForHydration(form);
  // The only way in is the provider: no password link, no initial password.
  await expect(form.getByRole("radio")).toHaveCount(1);
  await expect(form.getByRole("radio", { name: /With Test IdP, no password/ })).toBeChecked();
  await form.getByLabel("Full name").fill("Olga Gone");
  await form.getByLabel("Email", { exact: true }).fill("olga.gone@example.test");
  await form.getByLabel("Role").selectOption({ label: "Executive" });
  await form.getByRole("button", { name: "Create user" }).click();
  await expect(form.getByRole("link", { name: "Open the new user" })).toBeVisible();
  await form.getByRole("link", { name: "Open the new user" }).click();
  await expect(ada.getByText("Signs in with single sign-on (passwords are turned off).")).toBeVisible();
  await expect(ada.getByRole("form", { name: "One-time sign-in link" })).toHaveCount(0);

  // Olga's provider groups would make her a member of Finance; the admin made her an executive.
  const olga = await freshPage(browser);
  await ssoSignIn(olga, "olga");
  await expect(olga).toHaveURL(/\/dashboard$/);
  await olga.goto("/whoami");
  await expect(olga.getByRole("heading", { level: 1 })).toHaveText("Signed in as Olga Gone.");
  await ada.goto(`/admin/users?q=${encodeURIComponent("olga.gone@example.test")}`);
  await expect(ada.getByRole("table", { name: "Users" }).getByRole("row").filter({ hasText: "olga.gone@example.test" })).toContainText("Executive");
  for (const p of [ada, olga]) await p.context().close();
});

test("an email the provider does not verify opens nothing, with a message that says why", async ({ browser }) => {
  const page = await freshPage(browser);
  await ssoSignIn(page, "uma");
  await expect(page).toHaveURL(/\/sign-in\?error=sso-unverified/);
  await expect(page.getByRole("alert").filter({ hasText: `${SSO_E2E.providerName} did not confirm that your email address is verified` })).toBeVisible();
  await expectNoSeriousA11yViolations(page, "sign-in with a refused single sign-on");
  await page.context().close();
});
