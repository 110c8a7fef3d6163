import { expect, test } from "@playwright/test";
import {
  BASE_NAV,
  MY_WORK_NAV,
  GENERIC_SIGN_IN_ERROR,
  demoEmail,
  fillSignIn,
  mainNav,
  signInAs,
  signOut,
  uniqueEmail,
} from "./helpers";

type RoleCase = { key: string; roleText: string; audit: boolean; admin: boolean };

const ROLE_CASES: RoleCase[] = [
  { key: "admin", roleText: "Admin", audit: true, admin: true },
  { key: "cco", roleText: "Chief Customer Officer", audit: true, admin: false },
  { key: "exec", roleText: "Executive", audit: true, admin: false },
  { key: "marketing.head", roleText: "Department head · Marketing", audit: false, admin: false },
  { key: "service.member", roleText: "Member · Customer Service", audit: false, admin: false },
];

test.describe("navigation by role", () => {
  for (const c of ROLE_CASES) {
    test(`${c.key} sees exactly the navigation of their role`, async ({ page }) => {
      await signInAs(page, c.key);

      await expect(page.getByTestId("current-role")).toHaveText(c.roleText);
      const expected = [...BASE_NAV.filter((n) => c.key !== "admin" || n !== MY_WORK_NAV), ...(c.audit ? ["Audit log"] : []), ...(c.admin ? ["Admin"] : [])];
      // toHaveText on a list checks the exact set and order of links.
      await expect(mainNav(page).getByRole("link")).toHaveText(expected);
      await expect(mainNav(page).getByRole("link", { name: "Dashboard" })).toHaveAttribute("aria-current", "page");

      if (c.audit) {
        await mainNav(page).getByRole("link", { name: "Audit log" }).click();
        await expect(page).toHaveURL(/\/audit$/);
        await expect(page.getByRole("heading", { name: "Page not found" })).toHaveCount(0);
      }
      if (c.admin) {
        await mainNav(page).getByRole("link", { name: "Admin" }).click();
        await expect(page).toHaveURL(/\/admin\/users$/);
        await expect(page.getByRole("link", { name: "New user" })).toBeVisible();
      }

      await signOut(page);
      // Signed out means signed out: the shell sends us back to sign-in.
      await page.goto("/dashboard");
      await expect(page).toHaveURL(/\/sign-in/);
    });
  }

  for (const key of ["marketing.head", "service.member"]) {
    test(`${key} gets "Page not found" for admin and audit pages`, async ({ page }) => {
      await signInAs(page, key);
      for (const path of ["/admin/users", "/admin/users/new", "/admin/departments", "/admin/settings", "/audit"]) {
        const response = await page.goto(path);
        expect(response?.status(), `${path} should answer 404`).toBe(404);
        await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
        await expect(page.getByRole("link", { name: "New user" })).toHaveCount(0);
      }
    });
  }

  test("cco and executive may read the audit log but not administer", async ({ page }) => {
    await signInAs(page, "exec");
    await page.goto("/audit");
    await expect(page.getByRole("heading", { name: "Page not found" })).toHaveCount(0);
    const response = await page.goto("/admin/users");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  });
});

test.describe("sign-in failures", () => {
  test("a wrong password shows the generic error and stays on sign-in", async ({ page }) => {
    await page.goto("/sign-in");
    // Single sign-on is not configured on this server: no "Sign in with …" button (tests/e2e-sso has one).
    await expect(page.getByRole("button", { name: /^Sign in with / })).toHaveCount(0);
    await fillSignIn(page, demoEmail("sales.member"), "not-the-password");

    const alert = page.getByRole("form", { name: "Sign in" }).getByRole("alert");
    await expect(alert).toHaveText(GENERIC_SIGN_IN_ERROR);
    await expect(page).toHaveURL(/\/sign-in/);
    await expect(page.getByRole("button", { name: "Sign out" })).toHaveCount(0);
    // No session was created.
    await page.goto("/dashboard");
    await expect(page).toHaveURL(/\/sign-in/);
  });

  test("an unknown email shows the very same message", async ({ page }) => {
    await page.goto("/sign-in");
    await fillSignIn(page, uniqueEmail("nobody"), "throughline-demo");

    await expect(page.getByRole("form", { name: "Sign in" }).getByRole("alert")).toHaveText(GENERIC_SIGN_IN_ERROR);
    await expect(page).toHaveURL(/\/sign-in/);
  });

  test("a signed-out visitor is sent to sign-in and returned to the page they asked for", async ({ page }) => {
    await page.goto("/goals");
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fgoals$/);
    await fillSignIn(page, demoEmail("cco"), "throughline-demo");
    await expect(page).toHaveURL(/\/goals$/);
    await expect(mainNav(page).getByRole("link", { name: "Goals" })).toHaveAttribute("aria-current", "page");
  });
});
