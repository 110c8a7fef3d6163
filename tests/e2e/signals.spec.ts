import { expect, test, type Page } from "@playwright/test";
import { closePanel, expectNoSeriousA11yViolations, openPanel, signInAs, unique, waitForHydration } from "./helpers";

// A department head hears from a customer about a stage and records it on the stage's page: a
// score off its scale is named at its field, the corrected signal appears in the stage's latest
// signals with a follow-up, and the CCO removes the comment, which then reads as removed.

const JOURNEY = "From a friend's tip to a fan";
const STAGE = "Getting help";

async function openStage(page: Page) {
  await page.goto("/journeys");
  await page.getByRole("link", { name: JOURNEY }).click();
  await page.getByRole("link", { name: STAGE, exact: true }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: STAGE })).toBeVisible();
}

test("a head records a customer signal on a stage page, sees it, and the CCO removes its comment", async ({ page }) => {
  await signInAs(page, "service.head");
  await openStage(page);
  const card = page.getByRole("region", { name: "Customer signals" });
  const form = (await openPanel(page, "Record a signal")).getByRole("form", { name: "Record a customer signal" });
  await waitForHydration(form);
  await expectNoSeriousA11yViolations(page, "stage page with the signal form open");

  const words = unique("The agent hung up on me");
  await form.getByLabel("Source").selectOption("support");
  await form.getByLabel("Scale").selectOption("csat");
  await form.getByLabel("Score").fill("9");
  await form.getByLabel("Comment (optional)").fill(words);
  await form.getByLabel("Tags (optional)").fill("rude, callback");
  await form.getByRole("button", { name: "Record signal" }).click();
  await expect(form.getByRole("alert")).toContainText("Please correct the highlighted fields.");
  await expect(form.getByLabel("Score")).toHaveAttribute("aria-invalid", "true");
  await expect(form).toContainText("A CSAT score is from 1 to 5; 9 is outside it.");
  // Nothing typed is lost.
  await expect(form.getByLabel("Comment (optional)")).toHaveValue(words);

  await form.getByLabel("Score").fill("1");
  await form.getByRole("button", { name: "Record signal" }).click();
  await expect(form.getByRole("status")).toContainText("Signal recorded. It is negative, so a follow-up is open");
  await closePanel(page);
  // The figures over a period: the last 30 days hold the signal just recorded.
  await card.getByRole("link", { name: "Last 30 days" }).click();
  await expect(page).toHaveURL(/\?signals=30#signals$/);
  await expect(card.getByRole("navigation", { name: "Period of the signals' figures" }).getByText("Last 30 days")).toHaveAttribute("aria-current", "true");
  await expect(card).toContainText(/Last 30 days: \d+ signals?, \d+ negative \(\d+%\)\./);
  const latest = card.getByRole("list", { name: "Latest signals" });
  const item = latest.getByRole("listitem").filter({ hasText: words });
  await expect(item).toContainText("CSAT 1");
  await expect(item).toContainText("Follow-up open");
  await expect(item).toContainText("rude");
  // A head may not remove comments.
  await expect(item.getByText("Remove comment")).toHaveCount(0);

  await page.context().clearCookies();
  await signInAs(page, "cco");
  await openStage(page);
  const ccoItem = page.getByRole("region", { name: "Customer signals" }).getByRole("listitem").filter({ hasText: words });
  await ccoItem.getByText(/^Act on/).click();
  const redact = ccoItem.getByRole("form", { name: /Remove the comment of/ });
  await waitForHydration(redact);
  await expectNoSeriousA11yViolations(page, "stage page with a signal's actions open");
  await redact.getByRole("button", { name: "Remove comment" }).click();
  await expect(redact).toContainText("The reason for removing the comment is required.");
  await redact.getByLabel("Reason for removing the comment").fill("Names an agent");
  await redact.getByRole("button", { name: "Remove comment" }).click();
  const removed = page.getByRole("list", { name: "Latest signals" }).getByRole("listitem").filter({ hasText: "Comment removed: Names an agent" });
  await expect(removed).toHaveCount(1);
  await expect(page.getByRole("region", { name: "Customer signals" })).not.toContainText(words);
});
