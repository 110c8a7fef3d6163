import { expect, test, type Page } from "@playwright/test";
import { demoEmail, expectNoSeriousA11yViolations, signInAs, unique, waitForHydration } from "./helpers";

// Getting a company in: a journey from a template, a copy of a journey, and the journeys CSV
// import with its preview and per-line errors.

const stageHeadings = (page: Page) => page.getByRole("list", { name: "Stages in the customer's order" }).getByRole("heading", { level: 3 });

test("the CCO lays out a journey from a template and duplicates it with its owners", async ({ page }) => {
  await signInAs(page, "cco");
  await page.goto("/journeys");
  const form = page.getByRole("form", { name: "Start from a template" });
  await waitForHydration(form);
  await form.getByLabel("Template").selectOption({ label: "Support case: report to resolution" });
  await expect(form.getByRole("list", { name: "Stages of Support case: report to resolution" }).getByRole("listitem")).toHaveCount(5);
  const name = unique("Support case");
  await form.getByLabel("Journey name").fill(name);
  await form.getByRole("button", { name: "Create from template" }).click();
  await expect(form.getByRole("status")).toContainText("Journey created from the template.");
  await form.getByRole("link", { name: "Open the new journey" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(stageHeadings(page)).toHaveText(["Stage 1: Runs into a problem", "Stage 2: Reports it", "Stage 3: Kept informed", "Stage 4: Fixed", "Stage 5: Follow-up"]);

  await page.getByText("Duplicate this journey…").click();
  const dup = page.getByRole("form", { name: "Duplicate journey" });
  await waitForHydration(dup);
  const copy = unique("Support copy");
  await dup.getByLabel("Name of the copy").fill(copy);
  await dup.getByLabel(/Copy each stage's current owner/).check();
  await dup.getByRole("button", { name: "Duplicate journey" }).click();
  await expect(dup).toContainText("5 stages copied.");
  await dup.getByRole("link", { name: "Open the copy" }).click();
  await expect(page.getByRole("heading", { level: 1, name: copy })).toBeVisible();
  await expect(stageHeadings(page)).toHaveCount(5);
});

test("the CCO imports journeys from CSV: errors by line first, then a preview, then the import", async ({ page }) => {
  await signInAs(page, "cco");
  await page.goto("/journeys/import");
  const form = page.getByRole("form", { name: "Import journeys" });
  await waitForHydration(form);
  const name = unique("Imported journey");
  const header = "journey,journey_status,stage_position,stage,accountable_department,accountable_person_email,informed";
  const bad = [header, `${name},active,1,Hears about us,Marketing,${demoEmail("marketing.head")},Sales`, `${name},active,2,Buys,Nowhere,${demoEmail("sales.head")},`].join("\n");
  await page.locator("#journeys-file").setInputFiles({ name: "journeys.csv", mimeType: "text/csv", buffer: Buffer.from(bad) });
  await expect(form.getByLabel("CSV contents")).toHaveValue(bad);
  await form.getByRole("button", { name: "Preview" }).click();
  const problems = page.getByRole("region", { name: "Problems in the file" });
  await expect(problems).toContainText("1 line has problems; nothing can be imported until they are fixed.");
  await expect(problems.getByRole("row").nth(1)).toContainText('3There is no live department named "Nowhere".');
  await expect(page.getByRole("form", { name: "Confirm import" })).toHaveCount(0);

  await form.getByLabel("CSV contents").fill(bad.replace("Nowhere", "Sales"));
  await expect(problems).toHaveCount(0);
  await form.getByRole("button", { name: "Preview" }).click();
  const preview = page.getByRole("region", { name: "Import preview" });
  await expect(preview).toContainText("2 rows checked: 1 journey and 2 stages will be created.");
  await expect(preview).toContainText("Hears about us: Marketing");
  await expect(preview).toContainText("I: Sales");
  const confirm = page.getByRole("form", { name: "Confirm import" });
  await confirm.getByRole("button", { name: "Import 1 journey" }).click();
  await expect(confirm).toContainText("Imported 1 journey, 2 stages and 2 owners.");
  await confirm.getByRole("link", { name: "See the journeys" }).click();
  await page.getByRole("link", { name }).click();
  await expect(stageHeadings(page)).toHaveText(["Stage 1: Hears about us", "Stage 2: Buys"]);
});

test("the import page is accessible and only for those who lay out journeys", async ({ page }) => {
  await signInAs(page, "cco");
  await page.goto("/journeys/import");
  await expect(page.getByRole("heading", { level: 1, name: "Import journeys" })).toBeVisible();
  await expectNoSeriousA11yViolations(page, "journeys import");
  await page.context().clearCookies();
  await signInAs(page, "marketing.head");
  await page.goto("/journeys/import");
  await expect(page.getByRole("heading", { level: 1, name: "Import journeys" })).toHaveCount(0);
  await page.goto("/journeys");
  await expect(page.getByRole("form", { name: "Start from a template" })).toHaveCount(0);
});
