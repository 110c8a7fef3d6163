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
