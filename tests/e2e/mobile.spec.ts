import { expect, test, type Page } from "@playwright/test";
import { demoEmail, fillSignIn, mainNav, signInAs } from "./helpers";

// The app on a phone: at 390 px no page scrolls sideways, and the header folds into a menu
// button. Ids come from links on the pages, never from the seed's internals.

const PHONE = { width: 390, height: 844 };
test.use({ viewport: PHONE, isMobile: true, hasTouch: true });

const UUID = "[0-9a-f-]{36}";
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Signs in at phone size: the sign-out button lives in the folded menu, so wait for the menu button. */
async function signInOnPhone(page: Page, key: string) {
  await page.goto("/sign-in");
  await fillSignIn(page, demoEmail(key), "throughline-demo");
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(menuButton(page)).toBeVisible();
}

const menuButton = (page: Page) => page.getByRole("button", { name: "Menu" });

/** The first link on `path` whose href matches `pattern`, as a path. */
async function firstLink(page: Page, path: string, pattern: RegExp): Promise<string> {
  await page.goto(path);
  const hrefs = await page.locator("main a[href]").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
  const href = hrefs.find((h) => pattern.test(h));
  expect(href, `a link matching ${pattern} on ${path}`).toBeTruthy();
  return href!;
}

async function expectNoSidewaysScroll(page: Page, path: string, { titled = false } = {}) {
  await page.goto(path);
  const h1 = page.locator("main h1");
  await expect(h1).toBeVisible();
  // A page about one thing names it in the tab too.
  if (titled) await expect(page).toHaveTitle(new RegExp(`^${escapeRegExp((await h1.innerText()).trim())} · `));
  // Open every "show as a table" so its table is measured too.
  await page.locator("main details").evaluateAll((ds) => ds.forEach((d) => ((d as HTMLDetailsElement).open = true)));
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  expect(innerWidth, `${path}: viewport`).toBe(PHONE.width);
  expect(scrollWidth, `${path} scrolls sideways`).toBeLessThanOrEqual(PHONE.width);
}

test("every main page fits a 390 px phone without sideways scrolling", async ({ page }) => {
  test.setTimeout(300_000);
  await signInOnPhone(page, "cco");
  const journey = await firstLink(page, "/journeys", new RegExp(`^/journeys/${UUID}$`));
  const stage = await firstLink(page, journey, new RegExp(`^/journeys/${UUID}/stages/${UUID}$`));
  const goal = await firstLink(page, "/goals", new RegExp(`^/goals/${UUID}$`));
  const dispute = await firstLink(page, "/disputes?status=all", new RegExp(`^/disputes/${UUID}$`));
  const followUp = await firstLink(page, "/follow-ups?status=all", new RegExp(`^/follow-ups/${UUID}$`));
  const pages = ["/dashboard", "/dashboard/report", "/journeys", "/journeys/import", "/signals/import", "/my-work", "/goals", "/goals/objectives", "/goals/new", "/follow-ups", "/disputes", "/disputes/new", "/decisions", "/audit", "/account"];
  for (const path of pages) await expectNoSidewaysScroll(page, path);
  for (const path of [journey, `${journey}/map`, stage, goal, followUp, dispute]) await expectNoSidewaysScroll(page, path, { titled: true });

  await page.context().clearCookies();
  await signInOnPhone(page, "admin");
  const user = await firstLink(page, "/admin/users", new RegExp(`^/admin/users/${UUID}$`));
  for (const path of ["/admin/users", "/admin/users/new", "/admin/departments", "/admin/settings", "/admin/api-tokens", "/admin/webhooks", "/notifications/preferences", "/api-reference"]) await expectNoSidewaysScroll(page, path);
  await expectNoSidewaysScroll(page, user, { titled: true });
  await expectNoSidewaysScroll(page, "/sign-in/link", { titled: true });
});

test("on a phone the header folds into a menu button that opens and closes the navigation", async ({ page }) => {
  await signInOnPhone(page, "cco");
  const button = menuButton(page);
  const nav = mainNav(page);
  await expect(button).toHaveAttribute("aria-expanded", "false");
  await expect(nav).toBeHidden();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeHidden();

  // Keyboard: Enter opens, Escape closes and gives focus back to the button.
  await button.focus();
  await page.keyboard.press("Enter");
  await expect(button).toHaveAttribute("aria-expanded", "true");
  await expect(nav.getByRole("link", { name: "Journeys" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(button).toHaveAttribute("aria-expanded", "false");
  await expect(nav).toBeHidden();
  await expect(button).toBeFocused();

  // A tap opens it; following a link lands on the page with the menu folded again.
  await button.click();
  await nav.getByRole("link", { name: "Goals" }).click();
  await expect(page).toHaveURL(/\/goals$/);
  await expect(page.getByRole("heading", { level: 1, name: "Goals" })).toBeVisible();
  await expect(button).toHaveAttribute("aria-expanded", "false");
  await expect(nav).toBeHidden();
});

test("on a desktop the navigation shows without a menu button", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await signInAs(page, "cco");
  await expect(mainNav(page).getByRole("link", { name: "Journeys" })).toBeVisible();
  await expect(menuButton(page)).toBeHidden();
  await context.close();
});
