import { expect, test, type Page } from "@playwright/test";
import { closePanel, createUser, openPanel, openUser, signedInContext, signInAs, unique, uniqueEmail, waitForHydration } from "./helpers";

// An admin deactivates a person who is accountable for a stage and owns a goal: the page lists
// both, the admin hands the stage to the department's head and leaves the goal flagged, sees
// exactly what stays flagged, confirms, and is told what happened. The stage then shows its
// new owner. A head's dashboard lists the offers waiting for their department's answer.

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** As the CCO: a fresh active journey with one stage; returns the stage page's path. */
async function journeyWithStage(page: Page, journey: string, stage: string): Promise<string> {
  await page.goto("/journeys");
  const form = page.getByRole("form", { name: "New journey" });
  await waitForHydration(form);
  await form.getByLabel("Journey name").fill(journey);
  await form.getByLabel("Status").selectOption({ label: "Active" });
  await form.getByRole("button", { name: "Create journey" }).click();
  await form.getByRole("link", { name: "Open the new journey" }).click();
  await expect(page.getByRole("heading", { level: 1, name: journey })).toBeVisible();
  const add = page.getByRole("form", { name: "Add a stage" });
  await waitForHydration(add);
  await add.getByLabel("Stage name").fill(stage);
  await add.getByRole("button", { name: "Add stage" }).click();
  await page.getByRole("link", { name: stage, exact: true }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: stage })).toBeVisible();
  return new URL(page.url()).pathname;
}

test("the admin sees what a person owns, hands the stage on, leaves the goal flagged and deactivates them", async ({ page, browser, baseURL }) => {
  test.setTimeout(180_000);
  const name = unique("Olive Owner");
  const email = uniqueEmail("olive");
  const journey = unique("Offboarding journey");
  const stage = unique("Asking for help");
  const goal = unique("Answer within a day");

  // Set-up: a Customer Service member, made accountable for a stage and owner of a goal on it.
  await signInAs(page, "admin");
  await createUser(page, { name, email, role: "Member", department: "Customer Service", password: `olive-password-${Date.now()}` });
  const cco = await signedInContext(browser, baseURL, "cco");
  const stagePath = await journeyWithStage(cco.page, journey, stage);
  const assign = (await openPanel(cco.page, "Assign ownership")).getByRole("form", { name: "Assign ownership" });
  await waitForHydration(assign);
  await assign.getByLabel("Accountable department").selectOption({ label: "Customer Service" });
  await assign.getByLabel("Accountable person").selectOption({ label: name });
  await assign.getByLabel("Reason", { exact: true }).fill("Olive runs the help desk");
  await assign.getByRole("button", { name: "Save ownership" }).click();
  await expect(assign.getByRole("status")).toHaveText("Ownership saved.");
  await closePanel(cco.page);
  await cco.page.getByRole("link", { name: "New goal" }).click();
  const goalForm = cco.page.getByRole("form", { name: "New goal" });
  await waitForHydration(goalForm);
  await goalForm.getByLabel("Title").fill(goal);
  await goalForm.getByLabel(/Description/).fill("Customers hear back the same day they ask.");
  await goalForm.getByLabel("Metric").fill("Answered within a day");
  await goalForm.getByLabel("Unit").fill("%");
  await goalForm.getByLabel("Baseline").fill("40");
  await goalForm.getByLabel("Target").fill("80");
  await goalForm.getByLabel("Budget").fill("0");
  await goalForm.getByLabel("People").fill("1");
  await goalForm.getByLabel("Strategic objective").selectOption({ label: "Make every contact count" });
  await goalForm.getByLabel("Goal owner").selectOption({ label: name });
  await goalForm.getByLabel("Start date").fill(day(-10));
  await goalForm.getByLabel("Due date").fill(day(60));
  await goalForm.getByRole("button", { name: "Save goal" }).click();
  await expect(goalForm.getByRole("status")).toContainText("Goal saved.");

  // The admin starts the deactivation from the user's page and sees the preview.
  await openUser(page, email);
  await page.getByRole("link", { name: "Deactivate user…" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Deactivate ${name}` })).toBeVisible();
  const form = page.getByRole("form", { name: `Deactivate ${name}` });
  await waitForHydration(form);
  await expect(form.getByRole("group", { name: "Stages (1)" })).toContainText(stage);
  await expect(form.getByRole("group", { name: "Open goals (1)" })).toContainText(goal);
  const flagged = form.getByRole("region", { name: "What will be flagged" });
  await expect(flagged).toContainText("2 items will be left flagged");

  // A successor for the stage (the department's head); the goal is left flagged.
  await form.getByLabel(`Successor for ${journey} › ${stage}`).selectOption({ label: "Sofia Silva (Customer Service)" });
  await expect(flagged).toContainText("1 item will be left flagged");
  await expect(flagged).toContainText(`${goal}: keeps a deactivated owner`);
  await expect(flagged).not.toContainText(stage);
  await form.getByLabel("Reason (optional)").fill("Left the company (e2e)");
  await form.getByRole("button", { name: `Deactivate ${name}` }).click();
  await expect(page.getByRole("status").filter({ hasText: "was deactivated" })).toHaveText(`${name} was deactivated. 1 item was handed on; 1 was left flagged.`);
  await expect(page.getByText(`${goal}: keeps a deactivated owner`)).toBeVisible();

  // The stage shows its successor.
  await page.goto(stagePath);
  const ownership = page.getByRole("region", { name: "Ownership", exact: true });
  await expect(ownership).toContainText("Accountable: Customer Service · Sofia Silva");
  await openUser(page, email);
  await expect(page.getByText("Deactivated", { exact: true })).toBeVisible();

  // A head's dashboard lists the offer made to their department (the demo's pending handoff to Finance).
  await cco.context.close();
  const finance = await signedInContext(browser, baseURL, "finance.head");
  try {
    await finance.page.goto("/dashboard");
    const waiting = finance.page.getByRole("region", { name: "Handoffs waiting for your answer" });
    await expect(waiting).toBeVisible();
    await expect(waiting.getByRole("listitem").first()).toContainText("→ Finance");
    await waiting.getByRole("link", { name: /^Accept / }).first().click();
    await expect(finance.page.getByRole("form", { name: "Accept handoff" })).toBeVisible();
  } finally {
    await finance.context.close();
  }
});
