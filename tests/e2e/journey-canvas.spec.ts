import { expect, test, type Page } from "@playwright/test";
import { expectNoSeriousA11yViolations, signInAs, unique, waitForHydration } from "./helpers";

// The journey canvas: stages left to right with lanes, reordered by keyboard and by drag
// (both persist), edited in a side panel, a timeline on a phone, and an SVG export.

/** Creates a fresh five-stage journey from the support template and opens its map. */
async function newJourneyMap(page: Page): Promise<{ name: string; url: string }> {
  await page.goto("/journeys");
  const form = page.getByRole("form", { name: "Start from a template" });
  await waitForHydration(form);
  await form.getByLabel("Template").selectOption({ label: "Support case: report to resolution" });
  const name = unique("Canvas");
  await form.getByLabel("Journey name").fill(name);
  await form.getByRole("button", { name: "Create from template" }).click();
  await form.getByRole("link", { name: "Open the new journey" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await page.getByRole("link", { name: "Journey map" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `${name}: journey map` })).toBeVisible();
  return { name, url: page.url() };
}

const canvas = (page: Page) => page.getByTestId("journey-canvas");
const columnNames = (page: Page) => canvas(page).getByTestId("canvas-stage").evaluateAll((els) => els.map((e) => e.getAttribute("data-stage-name")));
/** The stage names in the order they stand on screen, left to right. */
const namesLeftToRight = (page: Page) =>
  canvas(page)
    .getByTestId("canvas-stage")
    .evaluateAll((els) => els.map((e) => ({ name: e.getAttribute("data-stage-name"), x: e.getBoundingClientRect().left })).sort((a, b) => a.x - b.x).map((e) => e.name));

test("the canvas lays stages out left to right; a keyboard reorder and a drag reorder both persist", async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await signInAs(page, "cco");
  const { url } = await newJourneyMap(page);
  const start = ["Runs into a problem", "Reports it", "Kept informed", "Fixed", "Follow-up"];
  await expect.poll(() => namesLeftToRight(page)).toEqual(start);
  // Lanes and phases are on the canvas; the unowned stages say so in words.
  await expect(canvas(page).getByText("Notice", { exact: true })).toBeVisible();
  await expect(canvas(page).getByText("Needs an owner").first()).toBeVisible();
  await expect(canvas(page).getByText("Touchpoints:").first()).toBeVisible();
  // Narrower than the journey: the canvas scrolls inside its own box, the page does not.
  await page.setViewportSize({ width: 1000, height: 900 });
  await expect.poll(() => canvas(page).evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1000);
  await page.setViewportSize({ width: 1400, height: 900 });

  // Keyboard only: focus the first stage's handle, pick it up, move it two places right, drop.
  const handle = canvas(page).getByRole("button", { name: /^Move Runs into a problem/ });
  await waitForHydration(handle);
  await handle.focus();
  // Each key waits for what a screen reader hears (dnd-kit's live region): a key pressed before
  // the stage is picked up, or before it has moved, would be lost, for a person as for the test.
  const heard = page.locator('[id^="DndLiveRegion"]');
  await page.keyboard.press("Space");
  // Picked up, it is over its own place.
  await expect(heard).toHaveText("Runs into a problem is over place 1 of 5.");
  await page.keyboard.press("ArrowRight");
  await expect(heard).toHaveText("Runs into a problem is over place 2 of 5.");
  await page.keyboard.press("ArrowRight");
  await expect(heard).toHaveText("Runs into a problem is over place 3 of 5.");
  await page.keyboard.press("Space");
  const afterKeys = ["Reports it", "Kept informed", "Runs into a problem", "Fixed", "Follow-up"];
  await expect.poll(() => columnNames(page)).toEqual(afterKeys);
  await expect(page.getByText("Saving the new order…")).toHaveCount(0);
  await page.goto(url);
  await expect.poll(() => namesLeftToRight(page)).toEqual(afterKeys);

  // A drag with the pointer: "Follow-up" onto "Reports it", the first column.
  const from = canvas(page).getByRole("button", { name: /^Move Follow-up/ });
  await waitForHydration(from);
  const a = (await from.boundingBox())!;
  const b = (await canvas(page).getByRole("button", { name: /^Move Reports it/ }).boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2 - 20, a.y + a.height / 2, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 25 });
  await page.mouse.up();
  const afterDrag = ["Follow-up", "Reports it", "Kept informed", "Runs into a problem", "Fixed"];
  await expect.poll(() => columnNames(page)).toEqual(afterDrag);
  await expect(page.getByText("Saving the new order…")).toHaveCount(0);
  await page.goto(url);
  await expect.poll(() => namesLeftToRight(page)).toEqual(afterDrag);
  // The board (the stage list) agrees.
  await page.getByRole("link", { name: "Board and forms" }).click();
  await expect(page.getByRole("list", { name: "Stages in the customer's order" }).getByRole("heading", { level: 3 })).toHaveText(afterDrag.map((n, i) => `Stage ${i + 1}: ${n}`));
});

test("the side panel assigns an owner and sets a stage's phase and touchpoints; canvas and panel pass axe", async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await signInAs(page, "cco");
  await newJourneyMap(page);
  await expectNoSeriousA11yViolations(page, "journey canvas");

  const edit = canvas(page).getByRole("button", { name: "Edit Kept informed" });
  await waitForHydration(edit);
  await edit.click();
  const panel = page.getByRole("dialog", { name: "Kept informed" });
  await expect(panel).toBeVisible();
  await expectNoSeriousA11yViolations(page, "stage side panel");

  const owner = panel.getByRole("form", { name: "Assign ownership" });
  await owner.getByLabel("Accountable department").selectOption({ label: "Customer Service" });
  const person = owner.getByLabel("Accountable person");
  await expect(person.locator("option").nth(1)).toBeAttached();
  await owner.getByLabel("Reason").fill("Support keeps the customer informed");
  await owner.getByRole("button", { name: "Save ownership" }).click();
  await expect(panel.getByText("Ownership saved.")).toBeVisible();

  const map = panel.getByRole("form", { name: "Phase, touchpoints and channels" });
  await map.getByLabel("Phase").fill("Stay informed");
  await map.getByLabel("Touchpoints").fill("Ticket updates\nStatus page");
  await map.getByRole("button", { name: "Save phase and touchpoints" }).click();
  await expect(panel.getByText("Stage details saved.")).toBeVisible();

  // A bad value is refused with its field named and nothing saved.
  await map.getByLabel("Touchpoints").fill(`Ticket updates\n${"y".repeat(81)}`);
  await map.getByRole("button", { name: "Save phase and touchpoints" }).click();
  await expect(map.getByLabel("Touchpoints")).toHaveAttribute("aria-invalid", "true");
  await expect(map.locator('[aria-invalid="true"]')).toHaveCount(1);

  await panel.getByRole("button", { name: "Close" }).click();
  await expect(panel).toBeHidden();
  // Focus goes back to the stage's Edit button, where the keyboard left off.
  await expect(canvas(page).getByRole("button", { name: "Edit Kept informed" })).toBeFocused();
  const column = canvas(page).locator('[data-stage-name="Kept informed"]');
  await expect(column.getByText("Customer Service", { exact: true })).toBeVisible();
  await expect(column.getByText("Stay informed")).toBeVisible();
  await expect(column.getByText("Ticket updates, Status page")).toBeVisible();
  await expect(column.getByText("Needs an owner")).toHaveCount(0);
});

test("at 390 px the canvas is a vertical timeline; the map downloads as SVG", async ({ page, request }) => {
  await signInAs(page, "cco");
  const { url } = await newJourneyMap(page);
  await page.setViewportSize({ width: 390, height: 844 });
  const timeline = page.getByTestId("journey-timeline");
  await expect(timeline).toBeVisible();
  await expect(canvas(page)).toBeHidden();
  await expect(timeline.getByRole("heading", { level: 3 })).toHaveText(
    ["Runs into a problem", "Reports it", "Kept informed", "Fixed", "Follow-up"].map((n, i) => `Stage ${i + 1}: ${n}`),
  );
  // Stacked top to bottom, and nothing scrolls sideways.
  const tops = await timeline.getByRole("heading", { level: 3 }).evaluateAll((els) => els.map((e) => e.getBoundingClientRect().top));
  expect([...tops].sort((x, y) => x - y)).toEqual(tops);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await expectNoSeriousA11yViolations(page, "journey timeline at 390 px");

  const svgHref = await page.getByRole("link", { name: "Download SVG" }).getAttribute("href");
  expect(svgHref).toMatch(/^\/api\/export\/journey-map\.svg\?journeyId=/);
  const res = await page.request.get(svgHref!);
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toContain("image/svg+xml");
  const body = await res.text();
  expect(body).toContain("<svg");
  expect(body).toContain("Kept informed");
  // Signed out, the file is refused.
  const anonymous = await request.get(svgHref!, { maxRedirects: 0 });
  expect([401, 307, 303]).toContain(anonymous.status());
  expect(url).toContain("/map");
});

test("the map prints on one landscape page, without the site's navigation", async ({ page }) => {
  await signInAs(page, "cco");
  const { name } = await newJourneyMap(page);
  await expect(canvas(page)).toBeVisible();
  // Chromium's own print engine: the page's CSS chooses the paper (A4 landscape) and the zoom.
  const pdf = (await page.pdf({ preferCSSPageSize: true, printBackground: true })).toString("latin1");
  const pages = pdf.match(/\/Type\s*\/Page(?!s)/g) ?? [];
  expect(pages).toHaveLength(1);
  const box = /\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(pdf);
  expect(box).not.toBeNull();
  const [width, height] = [Number(box![1]), Number(box![2])];
  // A4 landscape is 842 × 595 points.
  expect(Math.round(width)).toBe(842);
  expect(Math.round(height)).toBe(595);
  // The printed page is the map: the navigation is not printed, the stages are.
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
  await expect(canvas(page).getByTestId("canvas-stage")).toHaveCount(5);
  await expect(page.getByRole("heading", { level: 1, name: `${name}: journey map` })).toBeVisible();
});
