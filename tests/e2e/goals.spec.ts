import { expect, test, type Page } from "@playwright/test";
import { signInAs, unique, waitForHydration } from "./helpers";

// A department head sets a SMART goal on a stage their department owns (the seeded "Getting
// help", owned by Customer Service), is told which SMART letter fails and why, fixes it,
// activates it, records check-ins and watches the computed health change.

const JOURNEY = "From a friend's tip to a fan";
const STAGE = "Getting help";
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

async function openNewGoalForm(page: Page) {
  await page.goto("/journeys");
  await page.getByRole("link", { name: JOURNEY }).click();
  await page.getByRole("link", { name: STAGE, exact: true }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: STAGE })).toBeVisible();
  await page.getByRole("link", { name: "New goal" }).click();
  await expect(page).toHaveURL(/\/goals\/new\?stageId=/);
  const form = page.getByRole("form", { name: "New goal" });
  await waitForHydration(form);
  return form;
}

async function recordCheckIn(page: Page, value: string) {
  const form = page.getByRole("form", { name: "Record a check-in" });
  await waitForHydration(form);
  await form.getByLabel(/Measured value/).fill(value);
  await form.getByRole("button", { name: "Record check-in" }).click();
  await expect(page.getByRole("list", { name: "Check-in history" })).toContainText(`${value} %`);
}

test("a head sets a goal that fails the SMART check, fixes it, activates it and watches its health change", async ({ page }) => {
  await signInAs(page, "service.head");
  const form = await openNewGoalForm(page);
  const title = unique("Solve it first time");
  const smart = page.getByRole("region", { name: /SMART check/ });

  await form.getByLabel("Title").fill(title);
  await form.getByLabel(/Description/).fill("Customers get their problem solved the first time they ask.");
  await form.getByLabel("Metric").fill("Resolved on first contact");
  await form.getByLabel("Unit").fill("%");
  await form.getByLabel("Baseline").fill("10");
  await form.getByLabel("Target").fill("10");
  await form.getByLabel("Budget").fill("0");
  await form.getByLabel("People").fill("2");
  await form.getByLabel("Strategic objective").selectOption({ label: "Make every contact count" });
  await form.getByLabel("Start date").fill(day(-30));
  await form.getByLabel("Due date").fill(day(30));

  // The live check names the failing letter and why, before anything is sent.
  await expect(page.getByTestId("smart-M")).toContainText("Measurable: fails.");
  await expect(page.getByTestId("smart-M")).toContainText("The target must differ from the baseline.");
  await expect(smart).toContainText("4 of 5 pass");
  await form.getByRole("button", { name: "Save goal" }).click();
  await expect(form.getByRole("alert")).toContainText("Please correct the highlighted fields.");
  await expect(form.getByLabel("Target")).toHaveAttribute("aria-invalid", "true");
  await expect(form).toContainText("Measurable (M): The target must differ from the baseline.");
  await expect(page).toHaveURL(/\/goals\/new/);

  // Fixed: all five letters pass, and the goal is saved active.
  await form.getByLabel("Target").fill("20");
  await expect(smart).toContainText("5 of 5 pass");
  await form.getByLabel(/Activate now/).check();
  await form.getByRole("button", { name: "Save goal" }).click();
  await expect(form.getByRole("status")).toContainText("Goal saved.");
  await form.getByRole("link", { name: "Open the goal" }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  const health = page.getByTestId("goal-health");
  await expect(health).toHaveText(/No data/);

  // Halfway through the period, halfway to the target: on track.
  await recordCheckIn(page, "15");
  await expect(health).toHaveText(/On track/);

  // A fall back towards the baseline puts it well behind plan: off track.
  await recordCheckIn(page, "11");
  await expect(health).toHaveText(/Off track/);
  await expect(page.getByRole("list", { name: "Check-in history" }).getByRole("listitem")).toHaveCount(2);
});

test("a member cannot set goals but can record a check-in on their department's goal", async ({ page }) => {
  await signInAs(page, "service.member");
  await page.goto("/goals");
  await page.getByRole("link", { name: "Resolve more problems in one contact" }).click();
  await expect(page.getByRole("form", { name: "Goal status" })).toHaveCount(0);
  await expect(page.getByRole("form", { name: "Edit goal" })).toHaveCount(0);
  await recordCheckIn(page, "69");
  await page.goto("/goals/new?stageId=00000000-0000-4000-8000-000000000000");
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
});

test("a head binds a goal's metric to the stage's CSAT: its check-ins are computed, not typed", async ({ page }) => {
  await signInAs(page, "service.head");
  const form = await openNewGoalForm(page);
  const title = unique("Help rated higher");
  await form.getByLabel("Title").fill(title);
  await form.getByLabel(/Description/).fill("Customers rate the help they get higher.");
  await form.getByLabel("Metric").fill("Getting help CSAT");
  await form.getByLabel("Unit").fill("points");
  await form.getByLabel("Baseline").fill("3.6");
  await form.getByLabel("Target").fill("4.3");
  await form.getByLabel("Measured from customer signals").selectOption({ label: "Average CSAT of the stage (1–5)" });
  await form.getByLabel("Budget").fill("0");
  await form.getByLabel("People").fill("1");
  await form.getByLabel("Strategic objective").selectOption({ label: "Make every contact count" });
  await form.getByLabel("Start date").fill(day(-10));
  await form.getByLabel("Due date").fill(day(120));
  await form.getByLabel(/Activate now/).check();
  await form.getByRole("button", { name: "Save goal" }).click();
  await expect(form.getByRole("status")).toContainText("Goal saved.");
  await form.getByRole("link", { name: "Open the goal" }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.getByTestId("signal-bound")).toContainText("Measured from the stage's customer signals (Average CSAT (1–5))");
  await expect(page.getByRole("form", { name: "Record a check-in" })).toHaveCount(0);
});
