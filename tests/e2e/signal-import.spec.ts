import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { expectNoSeriousA11yViolations, signInAs, unique, waitForHydration } from "./helpers";
import { actionResult, HttpClient, UNEXPECTED } from "./http";

// A head imports customer signals from a CSV file: a file with a bad row is checked, the row's
// problem is named by row and column, importing is refused until "only the valid rows" is chosen;
// then the demo company's sample survey export is imported whole, opening follow-ups.

const SAMPLE = "/samples/signals-survey.csv";

async function openWizard(page: Page) {
  await page.goto("/follow-ups");
  await page.getByRole("link", { name: "Import signals" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Import customer signals" })).toBeVisible();
  await waitForHydration(page.getByLabel("CSV file"));
}

test("a head checks a file with a bad row, imports only the valid rows, then imports the sample survey", async ({ page }) => {
  await signInAs(page, "service.head");
  await openWizard(page);
  await expectNoSeriousA11yViolations(page, "signal import, empty");

  // A survey tool's own column names: the mapping is guessed from them.
  const words = unique("Waited an hour on the phone");
  const bad = [
    "Journey,Touchpoint,Submitted at,CSAT,Feedback,Customer ID",
    `From a friend's tip to a fan,Getting help,2026-10-05 10:00,2,${words},c-1`,
    "From a friend's tip to a fan,Getting help,2026-10-05 11:00,9,Loved it,c-2",
    "From a friend's tip to a fan,Getting help,2026-10-05 12:00,4,,c-3",
  ].join("\n");
  await page.getByLabel("CSV file").setInputFiles({ name: "support-survey.csv", mimeType: "text/csv", buffer: Buffer.from(bad) });
  await expect(page.getByText("support-survey.csv: 3 rows, 6 columns.")).toBeVisible();
  await expect(page.getByLabel("Journey", { exact: true })).toHaveValue("0");
  await expect(page.getByLabel("Stage (required)")).toHaveValue("1");
  await expect(page.getByLabel("Received at (required)")).toHaveValue("2");
  await expect(page.getByLabel("Score", { exact: true })).toHaveValue("3");
  await expect(page.getByLabel("Comment", { exact: true })).toHaveValue("4");
  await expect(page.getByLabel("Customer reference")).toHaveValue("5");
  await expect(page.getByLabel("Channel", { exact: true })).toHaveValue("");
  // The score column is named after its scale.
  await expect(page.getByLabel("Scale of scores that name none")).toHaveValue("csat");
  await page.getByLabel("Source of rows that name none").selectOption("support");

  await page.getByRole("button", { name: "Check the file" }).click();
  await expect(page.getByText("Checked 3 of 3 rows")).toBeVisible();
  const step = page.getByRole("region", { name: "3. Preview and import" });
  await expect(step).toContainText("3 rows checked: 2 ready to import, 1 with problems.");
  const problems = page.getByRole("region", { name: "Problems in the file" });
  await expect(problems).toContainText("Row 3, CSAT: A CSAT score is from 1 to 5; 9 is outside it.");
  const preview = page.getByRole("table", { name: "The first rows as they will be imported" });
  await expect(preview.getByRole("row").nth(1)).toContainText("From a friend's tip to a fan · Getting help");
  await expect(preview.getByRole("row").nth(1)).toContainText("CSAT 2");
  await expectNoSeriousA11yViolations(page, "signal import, checked with problems");

  const form = page.getByRole("form", { name: "Import the signals" });
  await form.getByRole("button", { name: "Import the 2 valid rows" }).click();
  await expect(form.getByRole("alert")).toContainText("1 row has problems, so nothing was imported.");
  await form.getByLabel(/Import only the valid rows/).check();
  await form.getByRole("button", { name: "Import the 2 valid rows" }).click();
  await expect(form.getByRole("status")).toContainText("Imported 2 signals, skipped 1 row with problems; 1 follow-up opened.");

  // The low score is a follow-up for the stage's owner, with the customer's words.
  await form.getByRole("link", { name: "See the follow-ups" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Follow-ups" })).toBeVisible();

  // The sample survey export of the demo company, as the page offers it.
  await openWizard(page);
  const link = page.getByRole("link", { name: "Download a sample survey CSV" });
  await expect(link).toHaveAttribute("href", SAMPLE);
  const download = await page.request.get(SAMPLE);
  expect(download.status()).toBe(200);
  expect(await download.text()).toMatch(/^journey,stage,source,received_at,scale,score,comment,customer_ref,channel,tags/);
  await page.getByLabel("CSV file").setInputFiles(path.join(process.cwd(), "public", SAMPLE));
  await expect(page.getByText("signals-survey.csv: 21 rows, 10 columns.")).toBeVisible();
  await page.getByRole("button", { name: "Check the file" }).click();
  await expect(step).toContainText("21 rows checked: 21 ready to import.");
  await expect(problems).toHaveCount(0);
  await expect(preview.getByRole("row")).toHaveCount(11);
  await expect(preview.getByRole("row").nth(1)).toContainText("Hears about us from a friend");
  await form.getByRole("button", { name: "Import 21 signals" }).click();
  await expect(form.getByRole("status")).toContainText("Imported 21 signals; 5 follow-ups opened.");

  // The head of Fulfilment finds the installation complaint among the department's follow-ups.
  await page.context().clearCookies();
  await signInAs(page, "fulfilment.head");
  await page.goto("/follow-ups");
  await expect(page.getByRole("main")).toContainText("Delivery and installation");
});

test("the import page is only for those who record signals", async ({ page }) => {
  await signInAs(page, "exec");
  await page.goto("/signals/import");
  await expect(page.getByRole("heading", { level: 1, name: "Import customer signals" })).toHaveCount(0);
  await page.goto("/follow-ups");
  await expect(page.getByRole("link", { name: "Import signals" })).toHaveCount(0);
});

test("a chunk too large, unreadable or of the wrong shape is refused with a 4xx, never a 500", async () => {
  const client = new HttpClient();
  await client.signIn("service.head");
  const mapping = { journey: null, stage: 0, source: null, receivedAt: 1, score: null, scale: null, comment: null, customerRef: null, channel: null, tags: null };
  const chunk = { importId: crypto.randomUUID(), seq: 0, fileName: "x.csv", header: ["stage", "received_at"], mapping, defaults: { source: "survey", scale: "" } };
  // Over the 1 MB a server action reads: the proxy answers 413 before the action runs.
  const huge = await client.action("checkSignalImportChunkAction", { json: { ...chunk, rows: [{ line: 2, fields: ["x".repeat(1_500_000), ""] }] } });
  expect(huge.status).toBe(413);
  // Bytes that are no action's arguments.
  const garbage = await client.action("checkSignalImportChunkAction", { json: null }, { body: new Blob([new Uint8Array([0xff, 0xfe, 0x00, 0x13, 0x7b])]), headers: { "content-type": "application/octet-stream" } });
  expect(garbage.status).toBe(400);
  // Readable, but not a chunk: every problem named, nothing staged.
  const shapes = [{ ...chunk, rows: Array.from({ length: 2001 }, (_, i) => ({ line: i + 2, fields: ["a", "b"] })) }, { ...chunk, rows: "stage,received_at" }, { ...chunk, mapping: { ...mapping, stage: 5 } }];
  for (const json of shapes) {
    const reply = await client.action("checkSignalImportChunkAction", { json });
    expect(reply.status).toBe(200);
    expect(reply.text).not.toContain(UNEXPECTED);
    expect(actionResult(reply)).toMatchObject({ ok: false, error: "Please correct the highlighted fields." });
  }
  expect(actionResult(await client.action("checkSignalImportChunkAction", { json: shapes[0] }))?.fieldErrors).toEqual({ rows: ["Send at most 2000 rows at once."] });
});
