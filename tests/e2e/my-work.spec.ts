import { expect, test } from "@playwright/test";
import { MY_WORK_NAV, expectNoSeriousA11yViolations, mainNav, signInAs } from "./helpers";

// My work: each person's home, reached from the navigation, with its count when anything waits.

test("a head opens My work from the navigation and sees their department's work; axe finds nothing serious", async ({ page }) => {
  await signInAs(page, "marketing.head");
  const link = mainNav(page).getByRole("link", { name: MY_WORK_NAV });
  await expect(link).toBeVisible();
  await link.click();
  await expect(page).toHaveURL(/\/my-work$/);
  await expect(page.getByRole("heading", { level: 1, name: "My work" })).toBeVisible();
  await expect(link).toHaveAttribute("aria-current", "page");
  for (const name of [/^Handoffs offered to you/, /^Disputes awaiting your statement/, /^Customer follow-ups/, /^Goals needing a check-in/, /^Stages you are accountable for/]) {
    await expect(page.getByRole("heading", { level: 2, name })).toBeVisible();
  }
  // The demo's Marketing owns stages: each is a link to its stage page.
  const stages = page.getByRole("region", { name: /^Stages you are accountable for/ }).getByRole("link");
  await expect(stages.first()).toBeVisible();
  await expectNoSeriousA11yViolations(page, "My work (head)");
  await stages.first().click();
  await expect(page).toHaveURL(/\/journeys\/[0-9a-f-]{36}\/stages\/[0-9a-f-]{36}$/);
});

test("the CCO's My work lists what needs an owner or a decision, and the navigation counts it", async ({ page }) => {
  await signInAs(page, "cco");
  await page.goto("/my-work");
  for (const name of [/^Stages needing an owner/, /^Disputes awaiting a decision/, /^Pending handoffs/, /^Follow-ups without an owner or escalated/]) {
    await expect(page.getByRole("heading", { level: 2, name })).toBeVisible();
  }
  // The count beside "My work" is the disputes, handoffs and unrouted follow-ups waiting.
  const count = await page.getByRole("region", { name: /^Disputes awaiting a decision/ }).getByRole("listitem").count();
  if (count > 0) await expect(mainNav(page).getByRole("link", { name: MY_WORK_NAV })).toContainText("waiting");
  await expectNoSeriousA11yViolations(page, "My work (CCO)");
});

test("an executive's My work shows the figures and what they were compared with", async ({ page }) => {
  await signInAs(page, "exec");
  await page.goto("/my-work");
  const figures = page.getByRole("region", { name: "What moved" });
  await expect(figures.getByText("Stages with an accountable owner")).toBeVisible();
  await expect(figures.getByText("Open customer follow-ups")).toBeVisible();
  await expectNoSeriousA11yViolations(page, "My work (executive)");
});

test("administrators have no My work in the navigation", async ({ page }) => {
  await signInAs(page, "admin");
  await expect(mainNav(page).getByRole("link", { name: MY_WORK_NAV })).toHaveCount(0);
});
