import { expect, test, type Page } from "@playwright/test";
import { demoEmail, expectNoSeriousA11yViolations, openUser, signInAs, signOut, signedInContext } from "./helpers";

// Sessions live on the server: signing out, "sign out everywhere" and an admin's "end all
// sessions" end them there, so a cookie that still exists somewhere no longer opens anything.

const ENDED = "Your session has ended. Sign in again to continue.";

async function expectSignedOutOnNextRequest(page: Page) {
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/sign-in\?reason=ended$/);
  await expect(page.getByText(ENDED)).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign out" })).toHaveCount(0);
}

test("after sign-out, a copy of the session cookie lands on the sign-in page", async ({ page, browser, baseURL }) => {
  await signInAs(page, "finance.head");
  const cookies = await page.context().cookies();
  expect(cookies.map((c) => c.name)).toContainEqual(expect.stringMatching(/authjs\.session-token$/));

  // Someone copies the cookie into another browser: while the session lives, it works there too.
  const copy = await browser.newContext({ baseURL });
  await copy.addCookies(cookies);
  const other = await copy.newPage();
  await other.goto("/dashboard");
  await expect(other).toHaveURL(/\/dashboard$/);
  await expect(other.getByRole("button", { name: "Sign out" })).toBeVisible();

  await signOut(page);
  // The copied cookie is still in that browser, but the session behind it is gone.
  expect((await copy.cookies()).map((c) => c.name)).toContainEqual(expect.stringMatching(/authjs\.session-token$/));
  await expectSignedOutOnNextRequest(other);
  await copy.close();
});

test("sign out everywhere ends the sessions in every browser", async ({ browser, baseURL }) => {
  const laptop = await signedInContext(browser, baseURL, "fulfilment.head");
  const phone = await signedInContext(browser, baseURL, "fulfilment.head");

  await laptop.page.getByRole("link", { name: "Your account" }).click();
  await expect(laptop.page.getByRole("heading", { name: "Your account", level: 1 })).toBeVisible();
  const sessions = laptop.page.getByRole("table", { name: "Your sessions" });
  // Header row plus at least the two sessions of this test; exactly one is this device.
  expect(await sessions.getByRole("row").count()).toBeGreaterThanOrEqual(3);
  await expect(sessions.getByText("This device")).toHaveCount(1);
  await expectNoSeriousA11yViolations(laptop.page, "account page");

  await laptop.page.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(laptop.page).toHaveURL(/\/sign-in\?reason=signed-out-everywhere$/);
  await expect(laptop.page.getByText("You are signed out on every device.")).toBeVisible();

  // The phone still holds its cookie; the session behind it is gone.
  await expectSignedOutOnNextRequest(phone.page);
  await laptop.page.goto("/dashboard");
  await expect(laptop.page).toHaveURL(/\/sign-in/);
  await laptop.context.close();
  await phone.context.close();
});

test("an admin ends a user's sessions; the user is signed out on their next request", async ({ page, browser, baseURL }) => {
  const user = await signedInContext(browser, baseURL, "service.member");
  await signInAs(page, "admin");
  await openUser(page, demoEmail("service.member"));
  const sessions = page.getByRole("table", { name: /^Sessions of / });
  await expect(sessions.getByRole("row")).not.toHaveCount(0);
  const form = page.getByRole("form", { name: "End all sessions" });
  await form.getByRole("button", { name: "End all sessions" }).click();
  await expect(form.getByRole("status").filter({ hasText: /^Ended \d+ sessions?\.$/ })).toBeVisible();
  await expect(page.getByText("No active sessions.")).toBeVisible();

  await expectSignedOutOnNextRequest(user.page);
  await user.context.close();
});
