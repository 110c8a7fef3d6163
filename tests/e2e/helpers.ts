import AxeBuilder from "@axe-core/playwright";
import { expect, type Browser, type BrowserContext, type Locator, type Page } from "@playwright/test";

// Mirrors lib/demo/accounts.ts. Kept as literals on purpose: the browser suite checks the
// app from the outside, as a person reading the sign-in page would.
export const DEMO_PASSWORD = "throughline-demo";
export const demoEmail = (key: string) => `${key}@demo.throughline.test`;

export const GENERIC_SIGN_IN_ERROR = "That email and password do not match an active account.";

/** The main navigation every signed-in user sees, in order ("My work" and "Follow-ups" may carry counts). */
// "My work" carries a count of what waits on the person when anything does; admins have none.
export const MY_WORK_NAV = /^My work( \d+ waiting)?$/;
export const BASE_NAV: (string | RegExp)[] = ["Dashboard", MY_WORK_NAV, "Journeys", "Goals", /^Follow-ups( \d+ open)?$/, "Disputes", "Decisions"];

let counter = 0;
/** A value unique to this run and call, for names and emails that must not collide. */
export function unique(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}`;
}

export const uniqueEmail = (prefix = "e2e") => `${unique(prefix)}@example.test`.toLowerCase();

/**
 * Waits until React has hydrated the element (it attaches its props to the DOM node). Before
 * that, a click submits the plain HTML form (a full page load instead of the form's own
 * refusal or success) and controlled inputs do not work yet.
 */
export async function waitForHydration(locator: Locator): Promise<void> {
  await expect(locator).toBeVisible();
  await expect
    .poll(() => locator.evaluate((el) => Object.keys(el).some((k) => k.startsWith("__reactProps$"))), {
      message: "React should hydrate the form",
    })
    .toBe(true);
}

/**
 * Opens the side panel behind a page's button (the stage page's "Edit stage", "Assign ownership"…)
 * and returns it. While it is open the rest of the page is hidden from assistive technology.
 */
export async function openPanel(page: Page, label: string): Promise<Locator> {
  const trigger = page.getByRole("button", { name: label, exact: true });
  await waitForHydration(trigger);
  await trigger.click();
  const panel = page.getByRole("dialog");
  await expect(panel).toBeVisible();
  return panel;
}

/** Closes the open side panel with its Close button, giving the page back. */
export async function closePanel(page: Page): Promise<void> {
  const panel = page.getByRole("dialog");
  await panel.getByRole("button", { name: "Close", exact: true }).click();
  await expect(panel).toHaveCount(0);
}

export const mainNav = (page: Page) => page.getByRole("navigation", { name: "Main" });

/** Signs in through the form and waits for the signed-in shell. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto("/sign-in");
  await fillSignIn(page, email, password);
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

/** Fills and submits the sign-in form without asserting the outcome. */
export async function fillSignIn(page: Page, email: string, password: string): Promise<void> {
  const form = page.getByRole("form", { name: "Sign in" });
  await waitForHydration(form);
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Password").fill(password);
  await form.getByRole("button", { name: "Sign in" }).click();
}

export async function signInAs(page: Page, key: string): Promise<void> {
  await signIn(page, demoEmail(key));
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByRole("heading", { name: "Sign in", level: 1 })).toBeVisible();
}

export type NewUser = {
  name: string;
  email: string;
  /** The role's label, as the Role select shows it. */
  role: string;
  department?: string;
  /** An initial password; without one the form creates a one-time invite link. */
  password?: string;
};

/**
 * Creates a user through /admin/users/new as the signed-in admin. Returns the invite URL
 * shown on the page when no password was set.
 */
export async function createUser(page: Page, user: NewUser): Promise<{ inviteUrl: string | null }> {
  await page.goto("/admin/users/new");
  const form = page.getByRole("form", { name: "Create user" });
  await waitForHydration(form);
  await form.getByLabel("Full name").fill(user.name);
  await form.getByLabel("Email").fill(user.email);
  await form.getByLabel("Role").selectOption({ label: user.role });
  if (user.department) await form.getByLabel("Department").selectOption({ label: user.department });
  if (user.password) {
    await form.getByRole("radio", { name: "Set an initial password now" }).check();
    await form.getByLabel("Initial password", { exact: true }).fill(user.password);
  } else {
    await expect(form.getByRole("radio", { name: /Create a one-time link/ })).toBeChecked();
    await expect(form.getByLabel("Initial password", { exact: true })).toHaveCount(0);
  }
  await form.getByRole("button", { name: "Create user" }).click();

  if (user.password) {
    await expect(form.getByRole("status").filter({ hasText: "User created. They can sign in now." })).toBeVisible();
    return { inviteUrl: null };
  }
  await expect(form.getByText("User created. Send them the one-time link below.")).toBeVisible();
  const link = form.getByLabel(/One-time sign-in link/);
  // The link gets the page's origin once mounted.
  await expect(link).toHaveValue(/^http:\/\/localhost:\d+\/invite\/\S{20,}$/);
  return { inviteUrl: await link.inputValue() };
}

/** Opens a user's page from the admin list, searching by email. */
export async function openUser(page: Page, email: string): Promise<void> {
  await page.goto(`/admin/users?q=${encodeURIComponent(email)}`);
  const table = page.getByRole("table", { name: "Users" });
  const row = table.getByRole("row").filter({ hasText: email });
  await expect(row).toHaveCount(1);
  await row.getByRole("link").click();
  await expect(page).toHaveURL(/\/admin\/users\/[0-9a-f-]{36}$/);
  await expect(page.getByText(email, { exact: true })).toBeVisible();
}

/**
 * A second (third…) person using the app at the same time: a fresh browser context signed in
 * as a demo account. Close the context when done.
 */
export async function signedInContext(browser: Browser, baseURL: string | undefined, key: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await signInAs(page, key);
  return { context, page };
}

/** Runs axe on the page and fails on any serious or critical violation, listing them. */
export async function expectNoSeriousA11yViolations(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const report = serious.map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `  ${n.target.join(" ")}: ${n.failureSummary ?? ""}`).join("\n")}`);
  expect(report, `${label}: serious or critical accessibility violations`).toEqual([]);
}
