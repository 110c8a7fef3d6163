import fs from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { expectNoSeriousA11yViolations, mainNav, signInAs } from "./helpers";

// The executive's dashboard, read-only against the seeded demo company: filter by a journey
// (kept in the URL), follow a figure to the list behind it, download the RACI matrix and open
// the printable report.

const JOURNEY = "From a friend's tip to a fan";
const UNOWNED_STAGE = "Recommends us to others"; // the demo journey's last stage has no owner
const UUID = "[0-9a-f-]{36}";
const utcDay = () => new Date().toISOString().slice(0, 10);

async function openDashboard(page: Page) {
  await mainNav(page).getByRole("link", { name: "Dashboard" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
}

/** Chooses a journey in the filter form and applies it; returns the journey's id from the URL. */
async function filterByJourney(page: Page, journey: string): Promise<string> {
  const form = page.getByRole("form", { name: "Filter the dashboard" });
  await form.getByLabel("Journey").selectOption({ label: journey });
  await form.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(new RegExp(`/dashboard\\?journeyId=${UUID}`));
  return new URL(page.url()).searchParams.get("journeyId")!;
}

test("an executive filters the dashboard, follows a figure, downloads the RACI CSV and opens the report", async ({ page }) => {
  await signInAs(page, "exec");
  await openDashboard(page);
  const journeyId = await filterByJourney(page, JOURNEY);

  // The filter lives in the URL: a reload keeps it, and the figures are the journey's only.
  await page.reload();
  const form = page.getByRole("form", { name: "Filter the dashboard" });
  await expect(form.getByLabel("Journey")).toHaveValue(journeyId);
  const coverage = page.getByRole("region", { name: "Ownership coverage by journey" });
  await expect(coverage.getByRole("link")).toHaveCount(1);
  await expect(coverage.getByRole("link")).toContainText(JOURNEY);
  // With one journey chosen, the map is its stages × departments, the unowned stage marked.
  const stageMap = page.getByRole("table", { name: "Stage by department RACI matrix of the chosen journey" });
  await expect(stageMap.getByRole("rowheader", { name: `7. ${UNOWNED_STAGE} — no owner` })).toBeVisible();
  await expect(stageMap.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "1. Hears about us from a friend" }) })).toContainText("A");

  // The headline figure leads to the list behind it, and the list to the stage.
  const figure = page.getByRole("region", { name: "Headline figures" }).getByRole("link", { name: /Stages needing an owner/ });
  const needing = page.getByRole("table", { name: "Stages needing an owner, longest first" });
  await expect(needing.getByRole("row").filter({ hasText: UNOWNED_STAGE })).toBeVisible();
  const listed = (await needing.getByRole("row").count()) - 1; // less the header row
  await expect(figure).toContainText(new RegExp(`Stages needing an owner\\s*${listed}\\s*Unowned or orphaned`));
  await figure.click();
  await expect(page).toHaveURL(new RegExp(`/dashboard\\?journeyId=${journeyId}.*#needs-owner$`));
  const row = needing.getByRole("row").filter({ hasText: UNOWNED_STAGE });
  await expect(row).toContainText("No owner");
  await expect(row).toContainText(/\d+ days/);
  await row.getByRole("link", { name: UNOWNED_STAGE }).click();
  await expect(page).toHaveURL(new RegExp(`/journeys/${journeyId}/stages/${UUID}$`));
  await expect(page.getByRole("heading", { level: 1, name: UNOWNED_STAGE })).toBeVisible();

  // Back on the filtered dashboard: the RACI matrix of that journey as a CSV file.
  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`/dashboard\\?journeyId=${journeyId}`));
  const before = utcDay();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "RACI CSV" }).click()]);
  expect([`throughline-raci-${before}.csv`, `throughline-raci-${utcDay()}.csv`]).toContain(download.suggestedFilename());
  const csv = await fs.readFile((await download.path())!, "utf8");
  const [header, ...lines] = csv.replace(/^\uFEFF/, "").trimEnd().split("\r\n");
  expect(header).toBe("journey,stage_position,stage,department,raci_role,accountable_person,since,how");
  expect(lines).toContain(`${JOURNEY},7,${UNOWNED_STAGE},,NO OWNER,,,`);
  expect(lines.find((l) => l.startsWith(`${JOURNEY},1,Hears about us from a friend,Marketing,accountable,`))).toMatch(/,Maya Moreno,\d{4}-\d{2}-\d{2}T[\d:.]+Z,assigned$/);
  // Only the chosen journey's stages: the other demo journey's are not in the file.
  expect(lines.length).toBeGreaterThan(7);
  expect(lines.every((l) => l.startsWith(`${JOURNEY},`))).toBe(true);

  // The printable report keeps the filter.
  await page.getByRole("link", { name: "Printable report" }).click();
  await expect(page).toHaveURL(new RegExp(`/dashboard/report\\?journeyId=${journeyId}`));
  await expect(page.getByRole("heading", { level: 1, name: /^Customer journey governance report — \d{1,2} [A-Z][a-z]{2} \d{4}$/ })).toBeVisible();
  await expect(page.getByText("Filtered view.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Print or save as PDF" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Back to the dashboard" })).toHaveAttribute("href", `/dashboard?journeyId=${journeyId}`);
});

/** Opens every "Show as a table" disclosure: the tables behind the charts are part of the page. */
async function openTables(page: Page) {
  for (const summary of await page.locator("details > summary").all()) await summary.click();
  await expect(page.getByRole("table", { name: "Trends by month" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Goal health by department" })).toBeVisible();
}

test("the dashboard has no serious accessibility violations", async ({ page }) => {
  await signInAs(page, "exec");
  await expect(page.getByRole("table", { name: /Stages each department is accountable/ })).toBeVisible();
  await openTables(page);
  await expectNoSeriousA11yViolations(page, "/dashboard");
});

test("the dashboard filtered by a journey has no serious accessibility violations", async ({ page }) => {
  await signInAs(page, "exec");
  await filterByJourney(page, JOURNEY);
  await expect(page.getByRole("table", { name: "Stage by department RACI matrix of the chosen journey" })).toBeVisible();
  await openTables(page);
  await expectNoSeriousA11yViolations(page, "/dashboard filtered by a journey");
});

test("a long list shown in full links back to its first rows, and an unknown list is named as ignored", async ({ page }) => {
  await signInAs(page, "exec");
  // The demo company's lists fit in their cards: no "Show all" link until one is asked for (but
  // where customers hurt, which ranks every stage with negative signals: its first 8 show).
  await expect(page.locator('section:not([aria-labelledby="customer-pain"])').getByRole("link", { name: /^Show all / })).toHaveCount(0);
  const pain = page.getByRole("region", { name: "Where customers hurt" });
  const painRows = pain.getByRole("table", { name: "Stages ranked by customer pain" }).locator("tbody tr");
  if ((await pain.getByRole("link", { name: /^Show all / }).count()) > 0) {
    await expect(painRows).toHaveCount(8);
    await pain.getByRole("link", { name: /^Show all / }).click();
    await expect(page).toHaveURL(/show=pain#customer-pain$/);
    expect(await painRows.count()).toBeGreaterThan(8);
  }
  await page.goto("/dashboard?show=coverage");
  const coverage = page.getByRole("region", { name: "Ownership coverage by journey" });
  await coverage.getByRole("link", { name: "Show the first 8" }).click();
  await expect(page).toHaveURL(/\/dashboard#coverage$/);
  await expect(coverage.getByRole("link", { name: "Show the first 8" })).toHaveCount(0);

  await page.goto("/dashboard?show=everything");
  await expect(page.getByText(/Ignored an invalid filter: show/)).toBeVisible();
  await expect(page.getByRole("table", { name: /Stages each department is accountable/ })).toBeVisible();
});
