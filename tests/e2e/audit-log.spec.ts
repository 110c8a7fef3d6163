import fs from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { closePanel, expectNoSeriousA11yViolations, openPanel, signInAs, unique, waitForHydration } from "./helpers";

// The audit log as a person reads it: a stage's owner changes in the UI, and the log says who
// moved it from whom to whom, by name; the stage's History link opens its own log; filters
// by action and department live in the URL; the filtered log downloads as CSV; at 390 px the
// table scrolls inside its card.

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

async function assignOwner(page: Page, department: string, person: string, reason: string) {
  const form = (await openPanel(page, "Assign ownership")).getByRole("form", { name: "Assign ownership" });
  await waitForHydration(form);
  await form.getByLabel("Accountable department").selectOption({ label: department });
  await form.getByLabel("Accountable person").selectOption({ label: person });
  await form.getByLabel("Reason", { exact: true }).fill(reason);
  await form.getByRole("button", { name: "Save ownership" }).click();
  await expect(form.getByRole("status")).toHaveText("Ownership saved.");
  await closePanel(page);
}

test("the CCO reads a stage's owner change by name, follows its History, filters and downloads the log", async ({ page }) => {
  test.setTimeout(180_000);
  const journey = unique("Audit journey");
  const stage = unique("Delivery");
  await signInAs(page, "cco");

  // A journey with one stage, laid out through the UI.
  await page.goto("/journeys");
  const create = page.getByRole("form", { name: "New journey" });
  await waitForHydration(create);
  await create.getByLabel("Journey name").fill(journey);
  await create.getByLabel("Status").selectOption({ label: "Active" });
  await create.getByRole("button", { name: "Create journey" }).click();
  await create.getByRole("link", { name: "Open the new journey" }).click();
  await expect(page.getByRole("heading", { level: 1, name: journey })).toBeVisible();
  const add = page.getByRole("form", { name: "Add a stage" });
  await waitForHydration(add);
  await add.getByLabel("Stage name").fill(stage);
  await add.getByRole("button", { name: "Add stage" }).click();
  await page.getByRole("link", { name: stage, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: stage })).toBeVisible();
  const stagePath = new URL(page.url()).pathname;

  // Sales owns it, then the CCO gives it to Customer Service.
  await assignOwner(page, "Sales", "Sam Singh (head)", "Sales sells it");
  await assignOwner(page, "Customer Service", "Milo Martin", "Service delivers it every day");

  // The audit log: the newest event says what happened, by name, before → after.
  await page.getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
  const table = page.getByRole("table", { name: "Audit events, newest first" });
  const newest = table.getByRole("row").nth(1);
  await expect(newest).toContainText("Owner assigned");
  await expect(newest).toContainText(`Chloe Carter made Customer Service (Milo Martin) accountable for ${stage} (before: Sales (Sam Singh))`);
  await expect(newest).toContainText("Ownership: Accountable: Sales (Sam Singh) → Accountable: Customer Service (Milo Martin)");
  await expect(newest).toContainText("Reason: Service delivers it every day");
  await expect(newest.getByRole("link", { name: stage })).toHaveAttribute("href", stagePath);
  const shown = await table.innerText();
  expect(shown).not.toMatch(/[{}]|"\w+":/);
  expect(shown).not.toMatch(UUID);

  // The stage's History link: the log of that stage only.
  await page.goto(stagePath);
  await page.getByRole("link", { name: "History", exact: true }).click();
  await expect(page).toHaveURL(/\/audit\?entityType=stage&entityId=[0-9a-f-]{36}$/);
  await expect(page.getByText(`History of stage ${stage}`)).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: /^3 events$/ })).toBeVisible();
  await expect(table.getByRole("row")).toHaveCount(4);
  await expect(table.getByRole("row").nth(3)).toContainText(`Chloe Carter added the stage ${stage} to ${journey}`);

  // Filter by action, then by department, through the form: both land in the URL.
  const filters = page.getByRole("search", { name: "Filter the audit log" });
  await filters.getByLabel("Action").selectOption({ label: "Owner assigned" });
  await filters.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/[?&]action=ownership\.assigned(&|$)/);
  await expect(page).toHaveURL(/[?&]entityId=[0-9a-f-]{36}(&|$)/);
  await expect(page.getByRole("status").filter({ hasText: /^2 events$/ })).toBeVisible();
  await filters.getByLabel("Department").selectOption({ label: "Finance" });
  await filters.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/[?&]departmentId=[0-9a-f-]{36}(&|$)/);
  await expect(page.getByText("No events match these filters")).toBeVisible();
  await filters.getByLabel("Department").selectOption({ label: "Sales" });
  await filters.getByRole("button", { name: "Apply filters" }).click();
  await expect(page.getByRole("status").filter({ hasText: /^2 events$/ })).toBeVisible();
  await expect(filters.getByLabel("Department")).toHaveValue(/[0-9a-f-]{36}/);
  await expectNoSeriousA11yViolations(page, "audit log");

  // The CSV of exactly what is shown, readable.
  const download = page.getByRole("link", { name: "Download CSV" });
  await expect(download).toHaveAttribute("href", /action=ownership\.assigned/);
  await expect(download).toHaveAttribute("href", /departmentId=/);
  const [file] = await Promise.all([page.waitForEvent("download"), download.click()]);
  expect(file.suggestedFilename()).toMatch(/^throughline-audit-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = await fs.readFile((await file.path())!, "utf8");
  const [header, ...lines] = csv.replace(/^\uFEFF/, "").trimEnd().split("\r\n");
  expect(header).toBe("time (UTC),actor,action,summary,entity_type,entity,changes,reason,event_id");
  expect(lines).toHaveLength(2);
  expect(lines[0]).toContain(`Chloe Carter,Owner assigned,`);
  expect(lines[0]).toContain("Ownership: Accountable: Sales (Sam Singh) → Accountable: Customer Service (Milo Martin)");
  expect(lines[1]).toContain("Ownership: no owner → Accountable: Sales (Sam Singh)");

  // At 390 px the page keeps its width; the table scrolls inside its card.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(table).toBeVisible();
  // The main column does not overflow the screen: its content fits, the table's card included.
  expect(await page.locator("main").evaluate((el) => el.scrollWidth <= el.clientWidth && el.getBoundingClientRect().right <= window.innerWidth)).toBe(true);
  const card = table.locator("xpath=..");
  expect(await card.evaluate((el) => el.getBoundingClientRect().right <= window.innerWidth)).toBe(true);
  expect(await card.evaluate((el) => getComputedStyle(el).overflowX)).toBe("auto");
  expect(await card.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
});

test("a malformed filter in the URL is ignored with a notice, not an error", async ({ page }) => {
  await signInAs(page, "exec");
  await page.goto("/audit?action=robot.fly&departmentId=nope&from=2021-02-30");
  const notice = page.getByRole("status").filter({ hasText: "Ignored invalid filters" });
  await expect(notice).toContainText("Action is not a valid value.");
  await expect(notice).toContainText("Department is not a valid value.");
  await expect(notice).toContainText(/From.*calendar date/);
  await expect(page.getByRole("table", { name: "Audit events, newest first" })).toBeVisible();
});
