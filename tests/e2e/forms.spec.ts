import { expect, test, type Locator, type Page } from "@playwright/test";
import { expectNoSeriousA11yViolations, openPanel, signedInContext, signInAs, unique, waitForHydration } from "./helpers";

// Forms as a person meets them when something goes wrong: a refusal keeps everything typed,
// focus goes to the error summary, whose links lead to each field; one outcome shows at a
// time, and a success message stays until the next action.

const MINUTE = 60_000;
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The error summary of a form: the focus target after a refusal. */
const summaryOf = (form: Locator) => form.getByRole("group", { name: "There is a problem" });

const stageCard = (page: Page, name: string): Locator =>
  page
    .getByRole("list", { name: "Stages in the customer's order" })
    .getByRole("listitem")
    .filter({ has: page.getByRole("heading", { level: 3, name: new RegExp(`^Stage \\d+: ${escapeRegExp(name)}$`) }) });

async function fillJourney(form: Locator, j: { name: string; segment: string; description: string; status: string }) {
  await form.getByLabel("Journey name").fill(j.name);
  await form.getByLabel("Customer segment or persona").fill(j.segment);
  await form.getByLabel("Description").fill(j.description);
  await form.getByLabel("Status").selectOption({ label: j.status });
}

/** Creates a journey as the signed-in CCO and opens its board. */
async function createJourney(page: Page, name: string): Promise<void> {
  await page.goto("/journeys");
  const form = page.getByRole("form", { name: "New journey" });
  await waitForHydration(form);
  await fillJourney(form, { name, segment: "Form-test households", description: "Laid out by the forms suite.", status: "Active" });
  await form.getByRole("button", { name: "Create journey" }).click();
  await expect(form.getByRole("status")).toHaveText("Journey created.");
  await form.getByRole("link", { name: "Open the new journey" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
}

test("a refused create keeps every typed value, focuses the error summary, and its link moves focus to the field", async ({ page }) => {
  test.setTimeout(3 * MINUTE);
  const taken = unique("E2E Forms taken");
  await signInAs(page, "cco");
  await createJourney(page, taken);

  await page.goto("/journeys");
  const form = page.getByRole("form", { name: "New journey" });
  await waitForHydration(form);
  const typed = { name: taken, segment: "Families moving house", description: "Everything a family needs on moving day.", status: "Active" };
  await fillJourney(form, typed);
  await form.getByRole("button", { name: "Create journey" }).click();

  // The server refuses the duplicate name: the summary says so and takes focus…
  const summary = summaryOf(form);
  await expect(summary).toBeFocused();
  await expect(summary.getByRole("alert")).toHaveText("Please correct the highlighted fields.");
  const link = summary.getByRole("link", { name: "Journey name: A journey with this name already exists." });
  await expect(link).toBeVisible();
  // …every value typed is still there…
  await expect(form.getByLabel("Journey name")).toHaveValue(typed.name);
  await expect(form.getByLabel("Customer segment or persona")).toHaveValue(typed.segment);
  await expect(form.getByLabel("Description")).toHaveValue(typed.description);
  await expect(form.getByLabel("Status")).toHaveValue("active");
  // …the field is marked invalid and described by its error…
  const name = form.getByLabel("Journey name");
  await expect(name).toHaveAttribute("aria-invalid", "true");
  await expect(name).toHaveAccessibleDescription(/A journey with this name already exists\./);
  // …and the summary's link moves focus to it.
  await link.click();
  await expect(name).toBeFocused();
  await expectNoSeriousA11yViolations(page, "a refused journey form with its error summary");

  // Corrected, it is saved: the refusal goes, the confirmation shows (never both), and the form empties for the next one.
  const fresh = unique("E2E Forms fresh");
  await name.fill(fresh);
  await form.getByRole("button", { name: "Create journey" }).click();
  await expect(form.getByRole("status")).toHaveText("Journey created.");
  await expect(summary).toHaveCount(0);
  await expect(form.getByRole("alert")).toHaveCount(0);
  await expect(form.getByLabel("Journey name")).toHaveValue("");

  // A refusal (no name) replaces the confirmation instead of showing beside it.
  await form.getByRole("button", { name: "Create journey" }).click();
  await expect(summary).toBeFocused();
  await expect(summary.getByRole("link", { name: "Journey name: Journey name is required." })).toBeVisible();
  await expect(form.getByRole("status")).toHaveCount(0);
});

test("a refused edit keeps the person's edits, and another form's success is not shown beside it", async ({ page }) => {
  test.setTimeout(3 * MINUTE);
  const taken = unique("E2E Forms other");
  const mine = unique("E2E Forms mine");
  await signInAs(page, "cco");
  await createJourney(page, taken);
  await createJourney(page, mine);

  // A stage is added: its confirmation shows.
  const add = page.getByRole("form", { name: "Add a stage" });
  await waitForHydration(add);
  const stage = unique("Moves in");
  await add.getByLabel("Stage name").fill(stage);
  await add.getByRole("button", { name: "Add stage" }).click();
  await expect(add.getByRole("status")).toHaveText("Stage added at the end of the journey.");
  await expect(stageCard(page, stage)).toBeVisible();

  // The journey is renamed to a name in use, with a new description: refused, the edits stay.
  const edit = page.getByRole("form", { name: "Edit journey" });
  await waitForHydration(edit);
  await edit.getByLabel("Journey name").fill(taken);
  await edit.getByLabel("Description").fill("A new description the person typed.");
  await edit.getByLabel("Status").selectOption({ label: "Draft" });
  await edit.getByRole("button", { name: "Save journey" }).click();
  const summary = summaryOf(edit);
  await expect(summary).toBeFocused();
  await expect(summary.getByRole("link", { name: "Journey name: A journey with this name already exists." })).toBeVisible();
  await expect(edit.getByLabel("Journey name")).toHaveValue(taken);
  await expect(edit.getByLabel("Description")).toHaveValue("A new description the person typed.");
  await expect(edit.getByLabel("Status")).toHaveValue("draft");
  // The stage's confirmation has gone: one outcome at a time.
  await expect(page.getByText("Stage added at the end of the journey.")).toHaveCount(0);

  // Fixed and saved: the edits stay in the form, the refusal goes.
  const renamed = unique("E2E Forms renamed");
  await edit.getByLabel("Journey name").fill(renamed);
  await edit.getByRole("button", { name: "Save journey" }).click();
  await expect(edit.getByRole("status")).toHaveText("Journey saved.");
  await expect(summary).toHaveCount(0);
  await expect(edit.getByLabel("Journey name")).toHaveValue(renamed);
  await expect(edit.getByLabel("Description")).toHaveValue("A new description the person typed.");
  await expect(page.getByRole("heading", { level: 1, name: renamed })).toBeVisible();
});

test("a claim's confirmation stays visible after the stage is owned and its button has gone", async ({ page, browser, baseURL }) => {
  test.setTimeout(3 * MINUTE);
  const journey = unique("E2E Forms claim");
  const stage = unique("Unpacks");
  await signInAs(page, "cco");
  await createJourney(page, journey);
  const boardPath = new URL(page.url()).pathname;
  const add = page.getByRole("form", { name: "Add a stage" });
  await waitForHydration(add);
  await add.getByLabel("Stage name").fill(stage);
  await add.getByRole("button", { name: "Add stage" }).click();
  await expect(stageCard(page, stage)).toBeVisible();

  const sales = await signedInContext(browser, baseURL, "sales.head");
  try {
    await sales.page.goto(boardPath);
    const card = stageCard(sales.page, stage);
    const claim = card.getByRole("button", { name: `Claim ${stage} for Sales` });
    await waitForHydration(claim);
    await claim.click();
    // The board refreshes: the stage is owned and the button is gone…
    await expect(card).toContainText("Accountable: Sales · Sam Singh");
    await expect(card.getByRole("button", { name: /^Claim / })).toHaveCount(0);
    // …and the confirmation is still there, in the stage's card, with no error beside it.
    await expect(card.getByRole("status")).toHaveText("Claimed for Sales.");
    await expect(card.getByRole("alert")).toHaveCount(0);
  } finally {
    await sales.context.close();
  }
});

test("a success message outlives its form: an archived stage's confirmation stays on the page until the person moves on", async ({ page }) => {
  test.setTimeout(3 * MINUTE);
  const stage = unique("Leaves");
  await signInAs(page, "cco");
  await createJourney(page, unique("E2E Forms archive"));
  const add = page.getByRole("form", { name: "Add a stage" });
  await waitForHydration(add);
  await add.getByLabel("Stage name").fill(stage);
  await add.getByRole("button", { name: "Add stage" }).click();
  await stageCard(page, stage).getByRole("link", { name: stage }).click();
  await expect(page.getByRole("heading", { level: 1, name: stage })).toBeVisible();

  const archive = (await openPanel(page, "Edit stage")).getByRole("form", { name: "Archive stage" });
  await waitForHydration(archive);
  await archive.getByLabel("Reason (optional)").fill("Merged into the next stage");
  await archive.getByRole("button", { name: "Archive stage" }).click();
  // The archived stage has no forms any more; the confirmation moves to the top of the page.
  await expect(page.getByText(/^Stage \(archived\) of/)).toBeVisible();
  await expect(archive).toHaveCount(0);
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(page.getByRole("main").getByRole("status").filter({ hasText: "Stage archived." })).toBeVisible();

  // Going to another page ends it.
  await page.getByRole("link", { name: "Journeys" }).first().click();
  await expect(page).toHaveURL(/\/journeys$/);
  await expect(page.getByText("Stage archived.")).toHaveCount(0);
});

test("a goal: a negative budget and a number too large say so, an overdue active goal asks for confirmation, and nothing typed is lost", async ({ page }) => {
  test.setTimeout(3 * MINUTE);
  await signInAs(page, "service.head");
  await page.goto("/journeys");
  await page.getByRole("link", { name: "From a friend's tip to a fan" }).click();
  await page.getByRole("link", { name: "Getting help", exact: true }).first().click();
  await page.getByRole("link", { name: "New goal" }).click();
  const form = page.getByRole("form", { name: "New goal" });
  await waitForHydration(form);

  const title = unique("Answer within a day");
  const description = "Customers who write to us get an answer within one working day.";
  await form.getByLabel("Title").fill(title);
  await form.getByLabel(/Description/).fill(description);
  await form.getByLabel("Metric").fill("Answered within a day");
  await form.getByLabel("Unit").fill("%");
  await form.getByLabel("Baseline").fill("40");
  await form.getByLabel("Target").fill("90");
  await form.getByLabel("Budget").fill("-250");
  await form.getByLabel("People").fill("1000000");
  await form.getByLabel("Strategic objective").selectOption({ label: "Make every contact count" });
  await form.getByLabel("Start date").fill(day(-60));
  await form.getByLabel("Due date").fill(day(-3));
  await form.getByLabel(/Activate now/).check();
  await expect(form.getByLabel("Yes, it is already overdue")).toHaveCount(0);
  await form.getByRole("button", { name: "Save goal" }).click();

  // Every problem at once, in the summary, which has focus.
  const summary = summaryOf(form);
  await expect(summary).toBeFocused();
  await expect(summary.getByRole("link", { name: "Budget: Achievable (A): The budget cannot be negative." })).toBeVisible();
  await expect(summary.getByRole("link", { name: "People: People is too large: at most 999,999." })).toBeVisible();
  const overdueLink = summary.getByRole("link", { name: /^Yes, it is already overdue: Time-bound \(T\): the due date, .* has already passed/ });
  await expect(overdueLink).toBeVisible();
  await expect(form.getByLabel("Budget")).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByLabel("Budget")).toHaveAccessibleDescription(/The budget cannot be negative\./);

  // Nothing typed is lost.
  await expect(form.getByLabel("Title")).toHaveValue(title);
  await expect(form.getByLabel(/Description/)).toHaveValue(description);
  await expect(form.getByLabel("Budget")).toHaveValue("-250");
  await expect(form.getByLabel("People")).toHaveValue("1000000");
  await expect(form.getByLabel("Due date")).toHaveValue(day(-3));
  await expect(form.getByLabel(/Activate now/)).toBeChecked();

  // The links lead to the fields, the confirmation checkbox included.
  await summary.getByRole("link", { name: /^Budget: / }).click();
  await expect(form.getByLabel("Budget")).toBeFocused();
  await overdueLink.click();
  const confirm = form.getByLabel("Yes, it is already overdue");
  await expect(confirm).toBeFocused();
  await expect(confirm).toHaveAttribute("aria-invalid", "true");

  // Corrected and confirmed, it is saved active (and overdue).
  await form.getByLabel("Budget").fill("0");
  await form.getByLabel("People").fill("3");
  await confirm.check();
  await form.getByRole("button", { name: "Save goal" }).click();
  await expect(form.getByRole("status")).toContainText("Goal saved.");
  await expect(summary).toHaveCount(0);
  await form.getByRole("link", { name: "Open the goal" }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.getByTestId("goal-health")).toHaveText(/Overdue/);
});
