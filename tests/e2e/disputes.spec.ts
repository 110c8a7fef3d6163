import { expect, test, type Locator, type Page } from "@playwright/test";
import { closePanel, openPanel, signedInContext, signInAs, unique, waitForHydration } from "./helpers";

// A turf war, end to end: a head's claim on a stage another department owns fails and becomes
// an ownership dispute; both party heads state their case; the CCO takes it under review and
// decides it with an ownership effect, applied in the same step. The e2e database persists
// across the tests of one run, so the test lays out its own journey, stage and owner.

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const stageCard = (page: Page, name: string): Locator =>
  page
    .getByRole("list", { name: "Stages in the customer's order" })
    .getByRole("listitem")
    .filter({ has: page.getByRole("heading", { level: 3, name: new RegExp(`^Stage \\d+: ${escapeRegExp(name)}$`) }) });

/** As the CCO: a new active journey with one stage; returns the board's and the stage's paths. */
async function layOutStage(page: Page, journey: string, stage: string): Promise<{ boardPath: string; stagePath: string }> {
  await page.goto("/journeys");
  const create = page.getByRole("form", { name: "New journey" });
  await waitForHydration(create);
  await create.getByLabel("Journey name").fill(journey);
  await create.getByLabel("Status").selectOption({ label: "Active" });
  await create.getByRole("button", { name: "Create journey" }).click();
  await create.getByRole("link", { name: "Open the new journey" }).click();
  await expect(page.getByRole("heading", { level: 1, name: journey })).toBeVisible();
  const boardPath = new URL(page.url()).pathname;

  const add = page.getByRole("form", { name: "Add a stage" });
  await waitForHydration(add);
  await add.getByLabel("Stage name").fill(stage);
  await add.getByRole("button", { name: "Add stage" }).click();
  await stageCard(page, stage).getByRole("link", { name: stage }).click();
  await expect(page.getByRole("heading", { level: 1, name: stage })).toBeVisible();
  return { boardPath, stagePath: new URL(page.url()).pathname };
}

/** On the dispute page, as a party head: adds the department's statement. */
async function addStatement(page: Page, department: string, statement: string, proposal: string) {
  const form = page.getByRole("form", { name: `Statement of ${department}` });
  await waitForHydration(form);
  await form.getByLabel(`${department}'s position`).fill(statement);
  await form.getByLabel("What you propose").fill(proposal);
  await form.getByRole("button", { name: "Add statement" }).click();
  const card = page.getByRole("region", { name: `Statement of ${department}` });
  await expect(card).toContainText(statement);
  await expect(card).toContainText(`Proposes: ${proposal}`);
}

test("a failed claim becomes an ownership dispute that the CCO decides, moving the stage in the same step", async ({ page, browser, baseURL }) => {
  test.slow(); // three people, a dozen page loads against a production build
  const journey = unique("E2E Dispute");
  const stage = unique("Delivery call");
  const word = unique("quokka");
  const outcome = `Sales owns the call from now on (${word})`;

  await signInAs(page, "cco");
  const { boardPath, stagePath } = await layOutStage(page, journey, stage);
  const stageId = stagePath.split("/").pop()!;

  const sales = await signedInContext(browser, baseURL, "sales.head");
  const marketing = await signedInContext(browser, baseURL, "marketing.head");
  try {
    // The Sales head has the board open while the stage is still unowned…
    await sales.page.goto(boardPath);
    const claim = stageCard(sales.page, stage).getByRole("button", { name: `Claim ${stage} for Sales` });
    await waitForHydration(claim);

    // …the CCO gives it to Marketing meanwhile…
    const assign = (await openPanel(page, "Assign ownership")).getByRole("form", { name: "Assign ownership" });
    await waitForHydration(assign);
    await assign.getByLabel("Accountable department").selectOption({ label: "Marketing" });
    await assign.getByLabel("Accountable person").selectOption({ label: "Maya Moreno (head)" });
    await assign.getByLabel("Role of Finance").selectOption("informed");
    await assign.getByLabel("Reason", { exact: true }).fill("Marketing designed the call script");
    await assign.getByRole("button", { name: "Save ownership" }).click();
    await expect(assign.getByRole("status")).toHaveText("Ownership saved.");
    await closePanel(page);

    // …so the claim fails, and the refusal offers a dispute instead.
    await claim.click();
    const refusal = stageCard(sales.page, stage).getByRole("alert");
    await expect(refusal).toContainText("This stage is already owned by Marketing.");
    await refusal.getByRole("link", { name: "Raise an ownership dispute" }).click();
    await expect(sales.page).toHaveURL(new RegExp(`/disputes/new\\?kind=ownership&stageId=${stageId}$`));

    // The form arrives filled in: the kind, the stage, a title, and the owning department as a party.
    const raise = sales.page.getByRole("form", { name: "Raise a dispute" });
    await waitForHydration(raise);
    await expect(raise.getByLabel("What is it about?")).toHaveValue("ownership");
    await expect(raise.getByLabel("Stage")).toHaveValue(stageId);
    await expect(raise.getByLabel("Title")).toHaveValue(`Who should own “${stage}”?`);
    await expect(raise.getByRole("checkbox", { name: "Marketing" })).toBeChecked();
    await expect(raise.getByRole("checkbox", { name: "Finance" })).not.toBeChecked();
    await expect(raise.getByRole("checkbox", { name: "Sales" })).toHaveCount(0);
    await raise.getByLabel("What is the disagreement?").fill("Sales speaks to the customer at this point of the journey.");
    await raise.getByRole("button", { name: "Raise dispute" }).click();
    await expect(raise.getByText("Dispute raised. The other departments and the CCO have been notified.")).toBeVisible();
    await raise.getByRole("link", { name: "Open the dispute" }).click();
    await expect(sales.page).toHaveURL(/\/disputes\/[0-9a-f-]{36}$/);
    const disputePath = new URL(sales.page.url()).pathname;
    await expect(sales.page.getByRole("heading", { level: 1, name: `Who should own “${stage}”?` })).toBeVisible();

    // Both party heads state their case; neither can write the other's statement.
    await addStatement(sales.page, "Sales", "We run this call with the customer every day.", "Give the stage to Sales.");
    await expect(sales.page.getByRole("form", { name: "Statement of Marketing" })).toHaveCount(0);
    await marketing.page.goto(disputePath);
    await addStatement(marketing.page, "Marketing", "We wrote the script and measure it.", "Keep it with Marketing.");
    await expect(marketing.page.getByRole("form", { name: "Statement of Sales" })).toHaveCount(0);

    // While the dispute is live, the board flags the stage.
    await page.goto(boardPath);
    await expect(stageCard(page, stage)).toContainText("Accountable: Marketing · Maya Moreno");
    await expect(stageCard(page, stage).getByText("Disputed", { exact: true })).toBeVisible();

    // The CCO takes the dispute under review and decides it, with an ownership effect.
    await page.goto(disputePath);
    await expect(page.getByRole("region", { name: "Statement of Sales" })).toContainText("We run this call with the customer every day.");
    await expect(page.getByRole("region", { name: "Statement of Marketing" })).toContainText("We wrote the script and measure it.");
    const take = page.getByRole("form", { name: "Take under review" });
    await waitForHydration(take);
    await take.getByRole("button", { name: "Take under review" }).click();
    const decide = page.getByRole("form", { name: "Record a decision" });
    await waitForHydration(decide);
    await expect(page.getByText("Under review", { exact: true })).toBeVisible();
    await decide.getByLabel("Outcome").fill(outcome);
    await decide.getByLabel("Rationale").fill("The customer talks to Sales here; Marketing stays consulted on the script.");
    // The effect starts from the stage's RACI as it is: Marketing accountable, Finance informed.
    await decide.getByRole("checkbox", { name: /sets the stage's ownership/ }).check();
    await expect(decide.getByLabel("Accountable department").locator("option:checked")).toHaveText("Marketing");
    await expect(decide.getByLabel("Accountable person").locator("option:checked")).toHaveText("Maya Moreno (head)");
    await expect(decide.getByLabel("Role of Finance")).toHaveValue("informed");
    await expect(decide.getByLabel("Role of Sales")).toHaveValue("");
    await expect(decide.getByLabel("Role of Marketing")).toHaveCount(0); // the accountable department holds no other role
    // The CCO moves accountability to Sales and keeps Marketing consulted; Finance is left as it is.
    await decide.getByLabel("Accountable department").selectOption({ label: "Sales" });
    await decide.getByLabel("Accountable person").selectOption({ label: "Sam Singh (head)" });
    await decide.getByLabel("Role of Marketing").selectOption("consulted");
    await expect(decide.getByLabel("Role of Sales")).toHaveCount(0);
    await decide.getByRole("button", { name: "Record decision" }).click();

    // The page re-renders with the decision and the complete RACI it left; the decide form is gone.
    const effect = "Accountable: Sales (Sam Singh) · Responsible: none · Consulted: Marketing · Informed: Finance";
    const decision = page.getByRole("region", { name: "Decision" });
    await expect(decision.getByText("Effect applied:")).toBeVisible();
    await expect(decision).toContainText(effect);
    await expect(decision).toContainText(outcome);
    await expect(decide).toHaveCount(0);
    await expect(page.getByText("Decided", { exact: true })).toBeVisible();

    // The board shows the new owner, decided in a dispute, and no longer flags the stage.
    await page.goto(boardPath);
    const card = stageCard(page, stage);
    await expect(card).toContainText("Accountable: Sales · Sam Singh");
    await expect(card).toContainText("(Decided in a dispute, since");
    await expect(card).toContainText("Consulted: Marketing; Informed: Finance");
    await expect(card.getByText("Disputed", { exact: true })).toHaveCount(0);

    // The stage's history links the decided entries to the decision and its dispute.
    await page.goto(stagePath);
    const history = page.getByRole("list", { name: "Ownership history, newest first" });
    await expect(history.getByRole("link", { name: `Dispute: Who should own “${stage}”?` })).toHaveCount(2); // Sales accountable, Marketing consulted
    await history.getByRole("link", { name: `Decision: ${outcome}` }).first().click();
    await expect(page).toHaveURL(new RegExp(`${escapeRegExp(disputePath)}#decision$`));
    await expect(page.getByRole("region", { name: "Decision" })).toContainText(effect);

    // The decision log finds it by a word of its outcome.
    await page.goto("/decisions");
    const search = page.getByRole("search", { name: "Search decisions" });
    await search.getByLabel("Search").fill(word);
    await search.getByRole("button", { name: "Search" }).click();
    await expect(page).toHaveURL(new RegExp(`[?&]q=${escapeRegExp(encodeURIComponent(word))}`));
    await expect(page.getByRole("status").filter({ hasText: /decisions?$/ })).toHaveText("1 decision");
    const entry = page.getByRole("list", { name: "Decisions, newest first" }).getByRole("listitem");
    await expect(entry).toHaveCount(1);
    await expect(entry).toContainText(outcome);
    await expect(entry).toContainText(`effect: ${effect}`);
    await expect(entry).toContainText("parties Marketing, Sales");
  } finally {
    await sales.context.close();
    await marketing.context.close();
  }
});
