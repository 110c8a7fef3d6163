import { expect, test, type Locator, type Page } from "@playwright/test";
import { closePanel, expectNoSeriousA11yViolations, openPanel, signedInContext, signInAs, unique, waitForHydration } from "./helpers";

// Journeys, stages and ownership, through the browser. The e2e database persists across the
// tests of one run, so every test that changes something lays out its own journey and stages
// (unique names); the seeded demo journeys are only read.

const SEEDED_JOURNEY = "From a friend's tip to a fan";
const MINUTE = 60_000;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
/** A calendar date (YYYY-MM-DD) as the app writes it: "3 Mar 2026". */
const shownDate = (iso: string) => {
  const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
  return `${d} ${MONTHS[m - 1]} ${y}`;
};

/** The board's ordered list of stages (today's owners, or as of a date). */
const boardList = (page: Page, asOf?: string) => page.getByRole("list", { name: asOf ? `Stages as of ${shownDate(asOf)}` : "Stages in the customer's order" });

/** One stage's card on the board, found by its heading ("Stage N: name"). */
const stageCard = (page: Page, name: string, asOf?: string): Locator =>
  boardList(page, asOf)
    .getByRole("listitem")
    .filter({ has: page.getByRole("heading", { level: 3, name: new RegExp(`^Stage \\d+: ${escapeRegExp(name)}$`) }) });

const bell = (page: Page) => page.getByRole("button", { name: /^Notifications/ });

/** The unread count as the bell announces it to assistive technology. */
async function bellCount(page: Page): Promise<number> {
  const name = (await bell(page).getAttribute("aria-label")) ?? "";
  const match = /^Notifications, (\d+) unread$/.exec(name);
  return match ? Number(match[1]) : Number.NaN;
}

/** Creates a journey through /journeys as the signed-in CCO and opens its board. Returns the board's path. */
async function createJourney(page: Page, name: string): Promise<string> {
  await page.goto("/journeys");
  const form = page.getByRole("form", { name: "New journey" });
  await waitForHydration(form);
  await form.getByLabel("Journey name").fill(name);
  await form.getByLabel("Customer segment or persona").fill("Browser-test households");
  await form.getByLabel("Description").fill("Laid out by the browser end-to-end suite.");
  await form.getByLabel("Status").selectOption({ label: "Active" });
  await form.getByRole("button", { name: "Create journey" }).click();
  await expect(form.getByRole("status")).toContainText("Journey created.");
  await form.getByRole("link", { name: "Open the new journey" }).click();
  await expect(page).toHaveURL(/\/journeys\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  return new URL(page.url()).pathname;
}

/** Adds a stage at the end of the journey whose board is open (as the CCO). */
async function addStage(page: Page, name: string, opts: { goal?: string; emotion?: string } = {}): Promise<void> {
  const form = page.getByRole("form", { name: "Add a stage" });
  await waitForHydration(form);
  await form.getByLabel("Stage name").fill(name);
  if (opts.goal) await form.getByLabel("What the customer is trying to do").fill(opts.goal);
  if (opts.emotion) await form.getByLabel("Emotion score").selectOption({ label: opts.emotion });
  await form.getByRole("button", { name: "Add stage" }).click();
  await expect(stageCard(page, name)).toBeVisible();
  // The form resets after a successful submit, ready for the next stage.
  await expect(form.getByLabel("Stage name")).toHaveValue("");
}

/** Opens a stage's page from the board. */
async function openStage(page: Page, name: string): Promise<void> {
  await stageCard(page, name).getByRole("link", { name }).click();
  await expect(page).toHaveURL(/\/journeys\/[0-9a-f-]{36}\/stages\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
}

/** On a stage page, as the CCO: assigns the accountable department and person, with a reason. */
async function assignOwnership(page: Page, o: { department: string; person: string; reason: string; others?: Record<string, string> }) {
  const form = (await openPanel(page, "Assign ownership")).getByRole("form", { name: "Assign ownership" });
  await waitForHydration(form);
  await form.getByLabel("Accountable department").selectOption({ label: o.department });
  await form.getByLabel("Accountable person").selectOption({ label: o.person });
  for (const [department, role] of Object.entries(o.others ?? {})) {
    await form.getByLabel(`Role of ${department}`, { exact: true }).selectOption({ label: role });
  }
  await form.getByLabel("Reason", { exact: true }).fill(o.reason);
  await form.getByRole("button", { name: "Save ownership" }).click();
  await expect(form.getByRole("status")).toHaveText("Ownership saved.");
  // Closing the panel hands its confirmation to the page.
  await closePanel(page);
  await expect(page.getByRole("main").getByRole("status").filter({ hasText: "Ownership saved." })).toBeVisible();
}

/** The calendar date `days` ago in UTC (the demo company's zone), as the "as of" field takes it (YYYY-MM-DD). */
const isoDateDaysAgo = (days: number) => new Date(Date.now() - days * 24 * 60 * MINUTE).toISOString().slice(0, 10);

test("the CCO lays out a journey: stages, order, emotion and an owner with a reason", async ({ page }) => {
  const journey = unique("E2E Journey");
  const [first, second, third] = [unique("Discovers us"), unique("Signs up"), unique("Compares offers")];
  const reason = `Service answers these questions every day (${unique("why")})`;

  await signInAs(page, "cco");
  const boardPath = await createJourney(page, journey);
  await expect(page.getByText("No stages yet")).toBeVisible();

  await addStage(page, first, { goal: "Learn that we exist", emotion: "+2 Delighted" });
  await addStage(page, second, { goal: "Open an account quickly" });
  await addStage(page, third);
  const headings = boardList(page).getByRole("heading", { level: 3 });
  await expect(headings).toHaveText([`Stage 1: ${first}`, `Stage 2: ${second}`, `Stage 3: ${third}`]);
  await expect(page.getByText("3 stages · 3 need an owner")).toBeVisible();
  await expect(stageCard(page, first)).toContainText("Emotion: +2 · Delighted");
  await expect(stageCard(page, second)).toContainText("Emotion: Not scored");
  await expect(stageCard(page, third)).toContainText("Needs an owner");

  // Reorder with the keyboard: focus "Move … earlier" on the last stage and press Enter.
  await expect(page.getByRole("button", { name: `Move ${first} earlier` })).toBeDisabled();
  await expect(page.getByRole("button", { name: `Move ${third} later` })).toBeDisabled();
  const moveEarlier = page.getByRole("button", { name: `Move ${third} earlier` });
  await waitForHydration(moveEarlier);
  await moveEarlier.focus();
  await expect(moveEarlier).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(headings).toHaveText([`Stage 1: ${first}`, `Stage 2: ${third}`, `Stage 3: ${second}`]);
  await expect(page.getByRole("button", { name: `Move ${second} later` })).toBeDisabled();
  await expect(page.getByRole("button", { name: `Move ${third} later` })).toBeEnabled();
  // The order is stored, not only shown.
  await page.reload();
  await expect(headings).toHaveText([`Stage 1: ${first}`, `Stage 2: ${third}`, `Stage 3: ${second}`]);

  // Set an emotion score on the stage's own page.
  await openStage(page, third);
  const edit = (await openPanel(page, "Edit stage")).getByRole("form", { name: "Edit stage" });
  await waitForHydration(edit);
  await edit.getByLabel("Emotion score").selectOption({ label: "-1 Unhappy" });
  await edit.getByRole("button", { name: "Save stage" }).click();
  await expect(edit.getByRole("status")).toHaveText("Stage saved.");
  await closePanel(page);
  const about = page.getByRole("region", { name: "About this stage" });
  await expect(about).toContainText("-1 · Unhappy");

  // Assign the accountable department and person, with a reason, plus a consulted department.
  await assignOwnership(page, { department: "Customer Service", person: "Milo Martin", reason, others: { Sales: "Consulted" } });
  const ownership = page.getByRole("region", { name: "Ownership", exact: true });
  await expect(ownership).toContainText("Accountable: Customer Service · Milo Martin");
  await expect(ownership).toContainText("Consulted: Sales");
  const history = page.getByRole("list", { name: "Ownership history, newest first" });
  const assigned = history.getByRole("listitem").filter({ hasText: "Accountable: Customer Service · Milo Martin" });
  await expect(assigned).toHaveCount(1);
  await expect(assigned).toContainText("current");
  await expect(assigned).toContainText("Assigned by Chloe Carter");
  await expect(assigned).toContainText(`“${reason}”`);

  // The board shows the owner, the R/C/I role and the score.
  await page.getByRole("link", { name: journey }).click();
  await expect(page).toHaveURL(new RegExp(`${escapeRegExp(boardPath)}$`));
  const card = stageCard(page, third);
  await expect(card).toContainText("Accountable: Customer Service · Milo Martin");
  await expect(card).toContainText("(Assigned, since");
  await expect(card).toContainText("Consulted: Sales");
  await expect(card).toContainText("Emotion: -1 · Unhappy");
  await expect(card).not.toContainText("Needs an owner");
  await expect(page.getByText("3 stages · 2 need an owner")).toBeVisible();
  const matrixRow = page.getByRole("table", { name: /responsibility matrix/ }).getByRole("row").filter({ hasText: third });
  await expect(matrixRow).toContainText("A (Accountable)");
  await expect(matrixRow).toContainText("C (Consulted)");
  await expect(page.getByRole("img", { name: /^Emotional curve across 3 stages/ })).toHaveAccessibleName(
    new RegExp(`${escapeRegExp(first)} \\+2 · Delighted; ${escapeRegExp(third)} -1 · Unhappy; ${escapeRegExp(second)} Not scored`),
  );
});

test("a head claims an unowned stage; another head cannot claim it, even from a stale page", async ({ page, browser, baseURL }) => {
  const journey = unique("E2E Claims");
  const claimed = unique("Books a visit");
  const contested = unique("Gets a quote");

  await signInAs(page, "cco");
  const boardPath = await createJourney(page, journey);
  await addStage(page, claimed);
  await addStage(page, contested);

  const sales = await signedInContext(browser, baseURL, "sales.head");
  const finance = await signedInContext(browser, baseURL, "finance.head");
  try {
    // The Sales head claims the first stage.
    await sales.page.goto(boardPath);
    const claim = stageCard(sales.page, claimed).getByRole("button", { name: `Claim ${claimed} for Sales` });
    await waitForHydration(claim);
    await expect(claim).toHaveText("Claim for Sales");
    await claim.click();
    await expect(stageCard(sales.page, claimed)).toContainText("Accountable: Sales · Sam Singh");
    await expect(stageCard(sales.page, claimed)).toContainText("(Claimed, since");
    await expect(stageCard(sales.page, claimed).getByRole("button", { name: /^Claim / })).toHaveCount(0);

    // The Finance head sees the claimed stage owned, with no claim button; the other stage still has one.
    await finance.page.goto(boardPath);
    await expect(stageCard(finance.page, claimed)).toContainText("Accountable: Sales · Sam Singh");
    await expect(stageCard(finance.page, claimed).getByRole("button", { name: /^Claim / })).toHaveCount(0);
    const staleClaim = stageCard(finance.page, contested).getByRole("button", { name: `Claim ${contested} for Finance` });
    await waitForHydration(staleClaim);

    // Both heads have the second stage's board open. Sales claims first…
    const salesClaim = stageCard(sales.page, contested).getByRole("button", { name: `Claim ${contested} for Sales` });
    await waitForHydration(salesClaim);
    await salesClaim.click();
    await expect(stageCard(sales.page, contested)).toContainText("Accountable: Sales · Sam Singh");

    // …then Finance clicks claim on its stale page and the server refuses, naming the owner.
    await staleClaim.click();
    const refusal = stageCard(finance.page, contested).getByRole("alert");
    await expect(refusal).toContainText("This stage is already owned by Sales.");
    // …and points to where the head can raise an ownership dispute.
    await expect(refusal.getByRole("link")).toHaveAttribute("href", /^\/disputes/);

    // Reloaded, the Finance head's board shows Sales as the owner of both.
    await finance.page.reload();
    await expect(stageCard(finance.page, contested)).toContainText("Accountable: Sales · Sam Singh");
    await expect(boardList(finance.page).getByRole("button", { name: /^Claim / })).toHaveCount(0);
    await expect(finance.page.getByText("2 stages · 0 need an owner")).toBeVisible();

    // The history records the winning claim.
    await openStage(finance.page, contested);
    const history = finance.page.getByRole("list", { name: "Ownership history, newest first" });
    await expect(history.getByRole("listitem")).toHaveCount(1);
    await expect(history.getByRole("listitem")).toContainText("Accountable: Sales · Sam Singh");
    await expect(history.getByRole("listitem")).toContainText("Claimed by Sam Singh");
  } finally {
    await sales.context.close();
    await finance.context.close();
  }
});

test("a head hands a stage off; the receiving head is notified live and accepts", async ({ page, browser, baseURL }) => {
  const journey = unique("E2E Handoffs");
  const stage = unique("Onboarding call");
  const note = `Service already runs these calls (${unique("note")})`;

  // The CCO gives the new stage to Marketing.
  await signInAs(page, "cco");
  const boardPath = await createJourney(page, journey);
  await addStage(page, stage);
  await openStage(page, stage);
  const stagePath = new URL(page.url()).pathname;
  await assignOwnership(page, { department: "Marketing", person: "Maya Moreno (head)", reason: "Marketing designed the welcome flow" });

  const service = await signedInContext(browser, baseURL, "service.head");
  const marketing = await signedInContext(browser, baseURL, "marketing.head");
  try {
    // The Customer Service head is looking at the stage before anything is offered.
    const firstPoll = service.page.waitForResponse((r) => new URL(r.url()).pathname === "/api/notifications" && r.ok());
    await service.page.goto(stagePath);
    await firstPoll;
    const before = (await (await service.page.request.get("/api/notifications")).json()) as { unread: number };
    await expect.poll(() => bellCount(service.page)).toBe(before.unread);
    await expect(service.page.getByRole("region", { name: "Ownership", exact: true })).toContainText("Accountable: Marketing · Maya Moreno");
    await expect(service.page.getByRole("button", { name: "Accept handoff" })).toHaveCount(0);
    // Not the owner: no handoff form for this head.
    await expect(service.page.getByRole("button", { name: "Hand off this stage" })).toHaveCount(0);

    // The Marketing head offers the stage to Customer Service.
    await marketing.page.goto(stagePath);
    const offer = (await openPanel(marketing.page, "Hand off this stage")).getByRole("form", { name: "Hand off this stage" });
    await waitForHydration(offer);
    await offer.getByLabel("Hand off to").selectOption({ label: "Customer Service" });
    await offer.getByLabel("Note to the receiving department").fill(note);
    await offer.getByRole("radio", { name: "Move with the stage to the new owner" }).check();
    await offer.getByRole("button", { name: "Offer handoff" }).click();
    await expect(marketing.page.getByRole("heading", { name: "Handoff pending: Marketing → Customer Service" })).toBeVisible();
    await expect(marketing.page.getByRole("button", { name: "Cancel handoff" })).toBeVisible();
    await expect(marketing.page.getByRole("button", { name: "Accept handoff" })).toHaveCount(0);
    await marketing.page.goto(boardPath);
    await expect(stageCard(marketing.page, stage)).toContainText("Handoff pending to Customer Service");

    // Without a reload, the bell on the receiving head's page counts the offer: when the window
    // becomes visible or regains focus (components/notifications/use-notifications.ts listens
    // for visibilitychange and focus and refetches), or at the latest on the 15-second poll.
    await expect
      .poll(
        async () => {
          await service.page.evaluate(() => window.dispatchEvent(new Event("visibilitychange")));
          return bellCount(service.page);
        },
        { timeout: 20_000, message: "the bell should count the offer without a reload" },
      )
      .toBe(before.unread + 1);

    await bell(service.page).click();
    const panel = service.page.getByRole("region", { name: "Notifications" });
    const item = panel.getByRole("link", { name: `Marketing offers "${stage}" to Customer Service` });
    await expect(item).toBeVisible();
    await expect(panel).toContainText(note);
    await item.click();

    // The link opens the stage with the pending handoff; opening it marks the notification read.
    await expect(service.page).toHaveURL(new RegExp(`${escapeRegExp(stagePath)}$`));
    await expect(service.page.getByRole("heading", { name: "Handoff pending: Marketing → Customer Service" })).toBeVisible();
    await expect(service.page.getByText(`“${note}”`).first()).toBeVisible();
    await expect.poll(() => bellCount(service.page)).toBe(before.unread);
    const accept = service.page.getByRole("form", { name: "Accept handoff" });
    await waitForHydration(accept);
    await accept.getByRole("button", { name: "Accept handoff" }).click();

    const ownership = service.page.getByRole("region", { name: "Ownership", exact: true });
    await expect(ownership).toContainText("Accountable: Customer Service · Sofia Silva");
    await expect(ownership).toContainText("Handed off");
    await expect(service.page.getByRole("heading", { name: /^Handoff pending/ })).toHaveCount(0);
    const history = service.page.getByRole("list", { name: "Ownership history, newest first" });
    await expect(history.getByRole("listitem").first()).toContainText("Accountable: Customer Service · Sofia Silva");
    await expect(history.getByRole("listitem").first()).toContainText("Handed off by Sofia Silva");
    await expect(history.getByRole("listitem").nth(1)).toContainText("Accountable: Marketing · Maya Moreno");
    await expect(service.page.getByRole("region", { name: "Handoffs" })).toContainText("accepted");

    // The board shows Customer Service as accountable, and no pending handoff.
    await service.page.goto(boardPath);
    const card = stageCard(service.page, stage);
    await expect(card).toContainText("Accountable: Customer Service · Sofia Silva");
    await expect(card).toContainText("(Handed off, since");
    await expect(card).not.toContainText("Handoff pending");
  } finally {
    await service.context.close();
    await marketing.context.close();
  }
});

test("the board as of a past date shows who owned each stage then", async ({ page }) => {
  const past = isoDateDaysAgo(60);

  await signInAs(page, "cco");
  await page.goto("/journeys");
  await page.getByRole("link", { name: SEEDED_JOURNEY }).click();
  await expect(page.getByRole("heading", { level: 1, name: SEEDED_JOURNEY })).toBeVisible();

  // Today: Fulfilment owns delivery (handed over from Sales 30 days ago).
  await expect(stageCard(page, "Delivery and installation")).toContainText("Accountable: Fulfilment · Felix Ford");

  const asOf = page.getByRole("form", { name: "Show ownership as of a date" });
  await asOf.getByLabel("Show owners as of (end of day, UTC)").fill(past);
  await asOf.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(new RegExp(`\\?asOf=${past}$`));
  await expect(page.getByText(`Showing the journey as it stood at the end of ${shownDate(past)} (UTC)`)).toBeVisible();
  await expect(stageCard(page, "Delivery and installation", past)).toContainText("Accountable: Sales · Sam Singh");
  await expect(stageCard(page, "Recommends us to others", past)).toContainText(`No accountable owner on ${shownDate(past)}`);
  // Goals with the health they had then: the referral call-back goal was at risk, not yet off track;
  // the referrals goal, set 30 days ago, did not exist.
  await expect(stageCard(page, "First sales conversation", past).getByText("At risk")).toBeVisible();
  await expect(stageCard(page, "First sales conversation", past).getByText("Off track")).toHaveCount(0);
  await expect(stageCard(page, "Hears about us from a friend", past)).toContainText("No open goals");
  // A view of the past changes nothing: no reorder or claim buttons.
  await expect(boardList(page, past).getByRole("button")).toHaveCount(0);

  await page.getByRole("link", { name: "Back to today" }).click();
  await expect(page).not.toHaveURL(/asOf=/);
  await expect(stageCard(page, "Delivery and installation")).toContainText("Accountable: Fulfilment · Felix Ford");
  await expect(stageCard(page, "First sales conversation").getByText("Off track")).toBeVisible();
  await expect(page.getByLabel("Show owners as of (end of day, UTC)")).toHaveValue("");

  // A day still to come is refused with the reason; no board stands in for it.
  const tomorrow = isoDateDaysAgo(-1);
  await page.goto(`${new URL(page.url()).pathname}?asOf=${tomorrow}`);
  await expect(page.getByRole("alert").filter({ hasText: `${tomorrow} is in the future` })).toBeVisible();
  await expect(boardList(page, tomorrow)).toHaveCount(0);
  await expect(boardList(page)).toHaveCount(0);
});

for (const viewer of [
  { key: "service.member", who: "a member" },
  { key: "exec", who: "an executive" },
]) {
  test(`${viewer.who} sees the board and stages but no claim, assign, move or handoff controls`, async ({ page }) => {
    await signInAs(page, viewer.key);
    await page.goto("/journeys");
    await expect(page.getByRole("form", { name: "New journey" })).toHaveCount(0);
    await page.getByRole("link", { name: SEEDED_JOURNEY }).click();
    await expect(page.getByRole("heading", { level: 1, name: SEEDED_JOURNEY })).toBeVisible();

    // The board and its owners are visible…
    await expect(boardList(page).getByRole("listitem")).toHaveCount(7);
    await expect(stageCard(page, "Recommends us to others")).toContainText("Needs an owner");
    await expect(stageCard(page, "Purchase and payment")).toContainText("Handoff pending to Finance");
    await expect(page.getByRole("region", { name: "Responsibility matrix" })).toBeVisible();
    await expect(page.getByRole("region", { name: "Emotional curve" })).toBeVisible();
    // …but nothing on it can be changed.
    await expect(page.getByRole("button", { name: /^(Claim|Move) / })).toHaveCount(0);
    await expect(boardList(page).getByRole("button")).toHaveCount(0);
    await expect(page.getByRole("form", { name: "Add a stage" })).toHaveCount(0);
    await expect(page.getByRole("form", { name: "Edit journey" })).toHaveCount(0);

    // An unowned stage: no claim, assign or handoff.
    await openStage(page, "Recommends us to others");
    await expect(page.getByRole("region", { name: "Ownership", exact: true })).toContainText("No accountable owner.");
    await expect(page.getByRole("button", { name: /^Claim / })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Assign ownership" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Hand off this stage" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Edit stage" })).toHaveCount(0);

    // A stage with a pending handoff: it can be read, not answered or cancelled.
    await page.getByRole("link", { name: SEEDED_JOURNEY }).click();
    await openStage(page, "Purchase and payment");
    await expect(page.getByRole("heading", { name: "Handoff pending: Sales → Finance" })).toBeVisible();
    await expect(page.getByText("Waiting for Finance to answer.")).toBeVisible();
    await expect(page.getByRole("button", { name: /handoff|Force acceptance|Decline on their behalf/i })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Assign ownership" })).toHaveCount(0);
    await expect(page.getByRole("list", { name: "Ownership history, newest first" })).toContainText("Accountable: Sales · Sam Singh");
  });
}

test("a journey board and stage pages have no serious accessibility violations (CCO)", async ({ page }) => {
  // Four axe runs over large pages: on a busy two-core machine that passes a minute.
  test.setTimeout(150_000);
  await signInAs(page, "cco");
  await page.goto("/journeys");
  await page.getByRole("link", { name: SEEDED_JOURNEY }).click();
  await waitForHydration(page.getByRole("form", { name: "Add a stage" }));
  await expect(boardList(page).getByRole("listitem")).toHaveCount(7);
  await page.getByText("Show as a table").click();
  await expect(page.getByRole("table", { name: "Emotion score by stage" })).toBeVisible();
  await expectNoSeriousA11yViolations(page, "journey board");

  await page.getByLabel("Show owners as of (end of day, UTC)").fill(isoDateDaysAgo(60));
  await page.getByRole("button", { name: "Show", exact: true }).click();
  await expect(page).toHaveURL(/\?asOf=/);
  await expect(page.getByText(/^Showing the journey as it stood/)).toBeVisible();
  await expectNoSeriousA11yViolations(page, "journey board as of a past date");

  // A stage with history, a pending handoff, and every CCO form.
  await page.getByRole("link", { name: "Back to today" }).click();
  await openStage(page, "Purchase and payment");
  await expect(page.getByRole("heading", { name: "Handoff pending: Sales → Finance" })).toBeVisible();
  await expectNoSeriousA11yViolations(page, "stage page with a pending handoff");
  const editPanel = await openPanel(page, "Edit stage");
  await expect(editPanel.getByRole("form", { name: "Edit stage" })).toBeVisible();
  await expect(editPanel.getByRole("form", { name: "Archive stage" })).toBeVisible();
  await expectNoSeriousA11yViolations(page, "stage page with the edit panel open");
  // Escape closes the panel and gives focus back to its button.
  await page.keyboard.press("Escape");
  await expect(editPanel).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Edit stage" })).toBeFocused();

  // With the assign form's errors showing.
  const assign = (await openPanel(page, "Assign ownership")).getByRole("form", { name: "Assign ownership" });
  await assign.getByLabel("Reason", { exact: true }).fill("");
  await assign.getByRole("button", { name: "Save ownership" }).click();
  await expect(assign.getByRole("alert")).toBeVisible();
  await expectNoSeriousA11yViolations(page, "stage page with assign-form errors");
});
