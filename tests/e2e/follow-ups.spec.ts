import { expect, test } from "@playwright/test";
import { expectNoSeriousA11yViolations, mainNav, signInAs, unique, waitForHydration } from "./helpers";

// The closed loop in the browser: a department head finds a follow-up of a negative customer
// signal in their inbox, acknowledges it, records what was done and closes it, and the history
// shows each step. The demo company seeds a few open follow-ups in Customer Service.

test("a head acknowledges, records the action on and closes a follow-up from their inbox", async ({ page }) => {
  test.slow(); // several page loads against a production build
  const action = unique("Called the customer back");
  const outcome = unique("Customer confirmed it is fixed");

  await signInAs(page, "service.head");
  const navLink = mainNav(page).getByRole("link", { name: /^Follow-ups/ });
  await expect(navLink).toHaveText(/^Follow-ups \d+ open$/);
  await navLink.click();
  await expect(page.getByRole("heading", { level: 1, name: "Follow-ups" })).toBeVisible();
  await expectNoSeriousA11yViolations(page, "follow-up inbox");

  // Only the open ones, through the filter form: the filter lives in the URL.
  const filter = page.getByRole("search", { name: "Filter follow-ups" });
  await filter.getByLabel("Status").selectOption({ label: "Open" });
  await filter.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/\/follow-ups\?status=open(&|$)/);
  const mine = page.getByRole("row").filter({ hasText: "Your department" }).first();
  await expect(mine).toContainText("Open");
  await mine.getByRole("link").first().click();
  await expect(page).toHaveURL(/\/follow-ups\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1, name: /^Follow-up on / })).toBeVisible();
  await expect(page.getByRole("region", { name: "What the customer said" })).toContainText("Score");
  await expectNoSeriousA11yViolations(page, "follow-up detail");

  const acknowledge = page.getByRole("form", { name: "Acknowledge" });
  await waitForHydration(acknowledge);
  await acknowledge.getByRole("button", { name: "Acknowledge" }).click();

  const record = page.getByRole("form", { name: "Record action taken" });
  await waitForHydration(record);
  // A step without its note is refused with the field named.
  await record.getByRole("button", { name: "Record action taken" }).click();
  await expect(record.getByRole("group", { name: "There is a problem" })).toContainText("What was done is required.");
  await record.getByLabel("What was done").fill(action);
  await record.getByRole("button", { name: "Record action taken" }).click();

  const close = page.getByRole("form", { name: "Close follow-up" });
  await waitForHydration(close);
  await close.getByLabel("Outcome").fill(outcome);
  await close.getByRole("button", { name: "Close follow-up" }).click();

  const history = page.getByRole("region", { name: "History" });
  await expect(history).toContainText(outcome);
  await expect(history).toContainText(action);
  await expect(history.getByText("Acknowledged", { exact: true })).toBeVisible();
  await expect(page.getByRole("form", { name: "Reopen follow-up" })).toBeVisible();
  await expect(page.getByRole("form", { name: "Close follow-up" })).toHaveCount(0);
});

test("an executive reads a follow-up without the forms to act on it", async ({ page }) => {
  await signInAs(page, "exec");
  await page.goto("/follow-ups?status=all");
  await page.getByRole("table", { name: "Follow-ups" }).getByRole("link", { name: /CSAT|NPS|CES|No score/ }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: /^Follow-up on / })).toBeVisible();
  await expect(page.getByRole("region", { name: "History" })).toBeVisible();
  await expect(page.getByRole("form")).toHaveCount(0);
});
