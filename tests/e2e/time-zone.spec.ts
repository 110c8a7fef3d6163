import { expect, test, type Page } from "@playwright/test";
import { signInAs, signedInContext, waitForHydration } from "./helpers";

const ZONE = "Pacific/Auckland";
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "3 Mar 2026, 14:05": how the app writes an instant, on the wall clock of `zone`. */
function shown(at: Date, zone: string): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "2-digit", minute: "2-digit" })
      .formatToParts(at)
      .map((x) => [x.type, x.value]),
  );
  return `${p.day} ${MONTHS[Number(p.month) - 1]} ${p.year}, ${p.hour}:${p.minute}`;
}

async function saveTimeZone(page: Page, zone: string) {
  await page.goto("/admin/settings");
  const form = page.getByRole("form", { name: "Settings" });
  await waitForHydration(form);
  await form.getByLabel("Time zone").selectOption(zone);
  await form.getByRole("button", { name: "Save settings" }).click();
  await expect(form.getByRole("status")).toHaveText("Settings saved.");
}

// Every other spec reads dates in UTC, the default: put it back whatever happened here.
test.afterEach(async ({ browser, baseURL }) => {
  const { context, page } = await signedInContext(browser, baseURL, "admin");
  await saveTimeZone(page, "UTC");
  await context.close();
});

test("the admin sets the company's time zone and the app shows times on its clock", async ({ page }) => {
  await signInAs(page, "admin");
  await page.goto("/admin/settings");
  const zone = page.getByRole("form", { name: "Settings" }).getByLabel("Time zone");
  await expect(zone).toHaveValue("UTC");
  await expect(zone).toHaveAccessibleDescription(/“today”, due dates, stale periods and every date and time shown are in this zone/);
  await expect(zone.getByRole("option", { name: /^Pacific\/Auckland \(UTC\+1[23]:00\)$/ })).toHaveCount(1);

  const before = new Date();
  await saveTimeZone(page, ZONE);
  const after = new Date();
  await page.reload();
  await expect(page.getByRole("form", { name: "Settings" }).getByLabel("Time zone")).toHaveValue(ZONE);

  // The audit log shows the change, stamped on Auckland's clock and filtered by Auckland's days.
  await page.goto("/audit");
  const table = page.getByRole("table", { name: "Audit events, newest first" });
  await expect(table.getByRole("columnheader", { name: `When (${ZONE})` })).toBeVisible();
  const row = table.getByRole("row").filter({ hasText: "Settings changed" }).first();
  await expect(row).toContainText(`Time zone: UTC → ${ZONE}`);
  const stamp = (await row.getByRole("cell").first().innerText()).trim();
  expect([shown(before, ZONE), shown(after, ZONE)]).toContain(stamp);
  expect(stamp).not.toBe(shown(after, "UTC"));
  await expect(page.getByLabel(`From (${ZONE})`)).toBeVisible();
});
