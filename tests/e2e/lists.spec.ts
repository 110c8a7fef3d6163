import fs from "node:fs/promises";
import { expect, test, type Download, type Page } from "@playwright/test";
import { expectNoSeriousA11yViolations, signInAs } from "./helpers";

// Lists are paginated in the URL next to their filters and say how many rows there are in
// all; exports carry the list's filters and hold every row. The demo company has a handful
// of goals, so the list is read two to a page (perPage is a URL parameter like page).

const summary = (page: Page) => page.getByRole("status").filter({ hasText: /goals?$/ });
const pager = (page: Page) => page.getByRole("navigation", { name: "Pages of goals" });

async function csvLines(download: Download): Promise<string[]> {
  const text = await fs.readFile((await download.path())!, "utf8");
  expect(text.startsWith("\uFEFF")).toBe(true);
  return text.slice(1).trimEnd().split("\r\n");
}

test("an executive pages through the goals list, two at a time, and downloads it with its filter", async ({ page }) => {
  await signInAs(page, "exec");
  await page.goto("/goals?status=all&perPage=2");
  await expect(summary(page)).toHaveText(/^Showing 1–2 of \d+ goals$/);
  const total = Number(/of (\d+) goals/.exec((await summary(page).textContent())!)![1]);
  expect(total).toBeGreaterThanOrEqual(5);
  const pages = Math.ceil(total / 2);
  await expect(pager(page)).toContainText(`page 1 of ${pages}`);
  await expect(pager(page).getByRole("link", { name: "Previous" })).toHaveCount(0);

  const titles = async () => page.getByRole("table", { name: "Goals" }).locator("tbody tr td:first-child a").allTextContents();
  const seen = [...(await titles())];
  expect(seen).toHaveLength(2);

  // Page 2 keeps the filter and the page size in its URL, and the status says which goals it shows.
  await pager(page).getByRole("link", { name: "Next" }).click();
  await expect(page).toHaveURL(/\/goals\?status=all&perPage=2&page=2$/);
  await expect(summary(page)).toHaveText(`Showing 3–4 of ${total} goals`);
  await expect(pager(page)).toContainText(`page 2 of ${pages}`);
  await expect(page.getByRole("search", { name: "Filter goals" }).getByLabel("Status")).toHaveValue("all");
  seen.push(...(await titles()));

  // The rest, by "Next" until it is gone: every goal once, none twice.
  for (let p = 3; p <= pages; p++) {
    await pager(page).getByRole("link", { name: "Next" }).click();
    await expect(pager(page)).toContainText(`page ${p} of ${pages}`);
    seen.push(...(await titles()));
  }
  await expect(pager(page).getByRole("link", { name: "Next" })).toHaveCount(0);
  expect(seen).toHaveLength(total);
  expect(new Set(seen).size).toBe(total);
  await pager(page).getByRole("link", { name: "First" }).click();
  await expect(summary(page)).toHaveText(`Showing 1–2 of ${total} goals`);

  // The goals export carries the list's filter and has one line per goal: every page's goals.
  const [goalsFile] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Goals CSV" }).click()]);
  expect(goalsFile.suggestedFilename()).toMatch(/^throughline-goals-\d{4}-\d{2}-\d{2}\.csv$/);
  const [header, ...lines] = await csvLines(goalsFile);
  expect(header!.split(",").at(-1)).toBe("goal_id");
  expect(lines).toHaveLength(total);
  for (const title of seen) expect(lines.some((l) => l.includes(title))).toBe(true);

  const [checkIns] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Check-ins CSV" }).click()]);
  const [ciHeader, ...ciLines] = await csvLines(checkIns);
  expect(ciHeader).toBe("journey,stage,department,goal,metric,unit,measured_on,value,confidence,note,recorded_by,recorded_at,corrected_at,goal_id");
  expect(ciLines.length).toBeGreaterThan(0);
});

test("the pager fits a 390 px phone screen and has no serious accessibility violations", async ({ page }) => {
  // Signed in at desktop width (the helper waits for the header's Sign out button, which a phone folds into the menu).
  await signInAs(page, "exec");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/goals?status=all&perPage=2&page=2");
  const nav = pager(page);
  await nav.scrollIntoViewIfNeeded();
  for (const name of ["First", "Previous", "Next", "Last"]) {
    const link = nav.getByRole("link", { name });
    await expect(link).toBeInViewport();
    const box = (await link.boundingBox())!;
    expect(box.height, `${name} is a comfortable target`).toBeGreaterThanOrEqual(44);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
  }
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await expectNoSeriousA11yViolations(page, "/goals page 2 at 390 px");
});

test("the dashboard downloads who was accountable for every stage on a day", async ({ page }) => {
  await signInAs(page, "exec");
  const form = page.getByRole("form", { name: "Download who owned each stage on a day" });
  const day = form.getByLabel(/Who was accountable for each stage on/);
  const today = await day.inputValue();
  expect(today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  const [file] = await Promise.all([page.waitForEvent("download"), form.getByRole("button", { name: "Ownership CSV" }).click()]);
  expect(file.suggestedFilename()).toBe(`throughline-ownership-${today}.csv`);
  const [header, ...lines] = await csvLines(file);
  expect(header).toBe("on_date,journey,stage_position,stage,accountable_department,accountable_person,since,until,how,why,recorded_by,archived_now");
  expect(lines.find((l) => l.includes(",Hears about us from a friend,"))).toMatch(new RegExp(`^${today},From a friend's tip to a fan,1,Hears about us from a friend,Marketing,Maya Moreno,`));
  expect(lines.some((l) => l.includes(",Recommends us to others,NO OWNER,"))).toBe(true);
});
