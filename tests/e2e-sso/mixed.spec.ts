import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, demoEmail, fillSignIn, waitForHydration } from "../e2e/helpers";
import { SSO_E2E } from "./settings";

// Passwords and single sign-on side by side (the second app server of playwright.sso.config.ts).
test.use({ baseURL: SSO_E2E.mixedUrl });

const BUTTON = `Sign in with ${SSO_E2E.providerName}`;

test("the sign-in page offers the provider above the password form, and both ways in work", async ({ browser }) => {
  const context = await browser.newContext({ baseURL: SSO_E2E.mixedUrl });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await expect(page.getByRole("button", { name: BUTTON })).toBeVisible();
  await expect(page.getByRole("form", { name: "Sign in" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Demo accounts" })).toBeVisible();

  // A password, as ever.
  await fillSignIn(page, demoEmail("exec"), DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/dashboard$/);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);

  // The provider: the demo admin's email at the provider opens the demo admin's account.
  const form = page.getByRole("form", { name: "Single sign-on" });
  await waitForHydration(form);
  await form.getByRole("button", { name: BUTTON }).click();
  await page.getByPlaceholder("Enter any login").fill("ada");
  await page.getByPlaceholder("and password").fill("anything");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await page.goto("/whoami");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Signed in as Ada Admin.");
  await context.close();
});
