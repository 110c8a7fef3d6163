import { expect, test } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { startReceiver } from "../helpers/webhook-receiver";
import { expectNoSeriousA11yViolations, signedInContext, signInAs, unique, waitForHydration } from "./helpers";

test("an admin registers a webhook; a dispute raised by the CCO arrives signed at the receiver, is logged, and can be sent again", async ({ page, browser, baseURL }) => {
  const receiver = await startReceiver();
  try {
    await signInAs(page, "admin");
    await page.goto("/admin/webhooks");
    const form = page.getByRole("form", { name: "Register a webhook endpoint" });
    await waitForHydration(form);

    // A bad address and no event type: both named, nothing registered.
    await form.getByLabel("Name").fill("Governance feed");
    await form.getByLabel("Address").fill("ftp://example.test/hook");
    await form.getByRole("button", { name: "Register endpoint" }).click();
    await expect(form.getByRole("link", { name: /^Address: Enter a full http:\/\/ or https:\/\/ address/ })).toBeVisible();
    await expect(form.getByRole("link", { name: "Events to send: Choose at least one event type." })).toBeVisible();

    await form.getByLabel("Address").fill(receiver.url);
    await form.getByRole("checkbox", { name: /dispute\.raised/ }).check();
    await form.getByRole("button", { name: "Register endpoint" }).click();
    await expect(form.getByText("Endpoint registered. Copy its signing secret now: it is not shown again.")).toBeVisible();
    const secret = await form.getByLabel("Signing secret (shown only now)").inputValue();
    expect(secret).toMatch(/^whsec_/);
    await expectNoSeriousA11yViolations(page, "/admin/webhooks");

    // The CCO raises a dispute in another browser.
    const cco = await signedInContext(browser, baseURL, "cco");
    const title = unique("Webhook dispute");
    await cco.page.goto("/disputes/new");
    const raise = cco.page.getByRole("form", { name: "Raise a dispute" });
    await waitForHydration(raise);
    await raise.getByLabel("What is it about?").selectOption("standards");
    await raise.getByLabel("Title").fill(title);
    await raise.getByLabel("What is the disagreement?").fill("Two departments answer the same customer differently.");
    await raise.getByRole("checkbox", { name: "Marketing" }).check();
    await raise.getByRole("checkbox", { name: "Sales" }).check();
    await raise.getByRole("button", { name: "Raise dispute" }).click();
    await expect(raise.getByText(/Dispute raised/)).toBeVisible();
    await cco.context.close();

    await receiver.waitFor(1);
    const first = receiver.received[0]!;
    const event = new Webhook(secret).verify(first.body, first.headers as Record<string, string>) as { type: string; data: { after: { title: string } } };
    expect(event.type).toBe("dispute.raised");
    expect(event.data.after.title).toBe(title);

    // The delivery log shows it; sending it again repeats it with the same webhook-id.
    await page.getByRole("link", { name: "Governance feed" }).first().click();
    const row = page.locator(`tr[data-delivery="${first.headers["webhook-id"]}"]`);
    await expect(row.getByText("Delivered")).toBeVisible();
    await expect(row.getByText(/HTTP 200 in \d+ ms/)).toBeVisible();
    const again = row.getByRole("form", { name: "Send delivery again" });
    await waitForHydration(again);
    await again.getByRole("button", { name: "Send again" }).click();
    await expect(again.getByText("Queued to be sent again.")).toBeVisible();
    await receiver.waitFor(2);
    expect(receiver.received[1]!.headers["webhook-id"]).toBe(first.headers["webhook-id"]);
    new Webhook(secret).verify(receiver.received[1]!.body, receiver.received[1]!.headers as Record<string, string>);
    await expectNoSeriousA11yViolations(page, "/admin/webhooks/[id]");
  } finally {
    await receiver.close();
  }
});

test("an admin rotates an endpoint's secret (both sign during the grace period) and deletes the endpoint with its log", async ({ page, browser, baseURL }) => {
  const receiver = await startReceiver();
  try {
    await signInAs(page, "admin");
    await page.goto("/admin/webhooks");
    const name = unique("Rotating feed");
    const form = page.getByRole("form", { name: "Register a webhook endpoint" });
    await waitForHydration(form);
    await form.getByLabel("Name").fill(name);
    await form.getByLabel("Address").fill(receiver.url);
    await form.getByRole("checkbox", { name: /dispute\.raised/ }).check();
    await form.getByRole("button", { name: "Register endpoint" }).click();
    const oldSecret = await form.getByLabel("Signing secret (shown only now)").inputValue();

    // One delivery to send again later.
    const cco = await signedInContext(browser, baseURL, "cco");
    await cco.page.goto("/disputes/new");
    const raise = cco.page.getByRole("form", { name: "Raise a dispute" });
    await waitForHydration(raise);
    await raise.getByLabel("What is it about?").selectOption("standards");
    await raise.getByLabel("Title").fill(unique("Rotation dispute"));
    await raise.getByLabel("What is the disagreement?").fill("Two departments promise different delivery dates.");
    await raise.getByRole("checkbox", { name: "Marketing" }).check();
    await raise.getByRole("checkbox", { name: "Sales" }).check();
    await raise.getByRole("button", { name: "Raise dispute" }).click();
    await expect(raise.getByText(/Dispute raised/)).toBeVisible();
    await cco.context.close();
    await receiver.waitFor(1);

    await page.getByRole("link", { name }).first().click();
    await expect(page).toHaveURL(/\/admin\/webhooks\/[0-9a-f-]{36}$/);
    const rotate = page.getByRole("form", { name: "Rotate signing secret" });
    await waitForHydration(rotate);
    await rotate.getByRole("button", { name: "Rotate signing secret" }).click();
    await expect(rotate.getByText("New signing secret made. Copy it now: it is not shown again.")).toBeVisible();
    const newSecret = await rotate.getByLabel("New signing secret (shown only now)").inputValue();
    expect(newSecret).toMatch(/^whsec_/);
    expect(newSecret).not.toBe(oldSecret);
    await expect(rotate.getByTestId("grace-until")).toContainText("The old secret signs too until");
    await expectNoSeriousA11yViolations(page, "/admin/webhooks/[id] after rotating");
    // The page itself says so after a reload, and never shows a secret again.
    await page.reload();
    await expect(page.getByText(/The previous secret signs too until/)).toBeVisible();
    await expect(page.getByLabel("New signing secret (shown only now)")).toHaveCount(0);

    // Sent again now, the delivery carries both signatures: receivers on either secret accept it.
    const again = page.getByRole("form", { name: "Send delivery again" }).first();
    await waitForHydration(again);
    await again.getByRole("button", { name: "Send again" }).click();
    await receiver.waitFor(2);
    const resent = receiver.received[1]!;
    expect(String(resent.headers["webhook-signature"]).split(" ")).toHaveLength(2);
    for (const s of [oldSecret, newSecret]) new Webhook(s).verify(resent.body, resent.headers as Record<string, string>);

    // Deleting asks for the name; a wrong one is named at its field and deletes nothing.
    const del = page.getByRole("form", { name: "Delete webhook endpoint" });
    await waitForHydration(del);
    await del.getByLabel(/to delete this endpoint/).fill("not the name");
    await del.getByRole("button", { name: "Delete endpoint" }).click();
    await expect(del.getByRole("link", { name: new RegExp(`exactly to delete it`) })).toBeVisible();
    await del.getByLabel(/to delete this endpoint/).fill(name);
    await del.getByRole("button", { name: "Delete endpoint" }).click();
    await expect(page).toHaveURL(/\/admin\/webhooks\?deleted=/);
    await expect(page.getByRole("status").filter({ hasText: `The endpoint “${name}” was deleted with 1 logged delivery.` })).toBeVisible();
    await expect(page.getByRole("link", { name })).toHaveCount(0);
    await expectNoSeriousA11yViolations(page, "/admin/webhooks after deleting");

    // The audit log keeps both steps.
    await page.goto("/audit");
    await expect(page.getByText(`deleted the webhook ${name}`, { exact: false }).first()).toBeVisible();
    await expect(page.getByText(`rotated the signing secret of the webhook ${name}`, { exact: false }).first()).toBeVisible();
  } finally {
    await receiver.close();
  }
});
