import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { signInAs, waitForHydration } from "./helpers";

/** Runs axe on the page and fails on any serious or critical violation, listing them. */
async function expectNoSeriousViolations(page: Page, label: string) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const report = serious.map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `  ${n.target.join(" ")}: ${n.failureSummary ?? ""}`).join("\n")}`);
  expect(report, `${label}: serious or critical accessibility violations`).toEqual([]);
}

test("sign-in page has no serious accessibility violations", async ({ page }) => {
  await page.goto("/sign-in");
  await waitForHydration(page.getByRole("form", { name: "Sign in" }));
  await expect(page.getByRole("table", { name: "Demo accounts by role" })).toBeVisible();
  await expectNoSeriousViolations(page, "/sign-in");

  // Also with the error message showing.
  await page.getByLabel("Email").fill("someone@example.test");
  await page.getByLabel("Password").fill("wrong-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toBeVisible();
  await expectNoSeriousViolations(page, "/sign-in with an error");
});

test("admin users list and new-user form have no serious accessibility violations", async ({ page }) => {
  await signInAs(page, "admin");

  await page.goto("/admin/users");
  await expect(page.getByRole("table", { name: "Users" })).toBeVisible();
  await expectNoSeriousViolations(page, "/admin/users");

  await page.goto("/admin/users/new");
  const form = page.getByRole("form", { name: "Create user" });
  await waitForHydration(form);
  await expectNoSeriousViolations(page, "/admin/users/new");

  // With the field errors and the password field showing.
  await form.getByRole("radio", { name: "Set an initial password now" }).check();
  await form.getByRole("button", { name: "Create user" }).click();
  await expect(form.getByRole("alert")).toBeVisible();
  await expectNoSeriousViolations(page, "/admin/users/new with field errors");
});
