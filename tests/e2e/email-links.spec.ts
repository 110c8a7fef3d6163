import fs from "node:fs";
import { expect, test, type Browser } from "@playwright/test";
import { linkToken, mailText } from "../helpers/mail-text";
import { startSmtp } from "../helpers/smtp-receiver";
import { startApp, type AppServer } from "../restart/app-server";
import { demoEmail, expectNoSeriousA11yViolations, fillSignIn, signInAs, uniqueEmail, waitForHydration } from "./helpers";

// Email is configured on a server of its own: the suite's main server has no SMTP (its tests read
// invite links off the page). Same build (.next), a fresh embedded database, a local SMTP server.

const PORT = Number(process.env.E2E_PORT || 3100) + 1;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let server: AppServer;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  smtp = await startSmtp();
  const dataDir = `.data/e2e-mail-${PORT}`;
  fs.rmSync(dataDir, { recursive: true, force: true });
  server = await startApp({
    port: PORT,
    distDir: process.env.NEXT_DIST_DIR || ".next",
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      THROUGHLINE_MODE: "demo",
      DATA_DIR: dataDir,
      SMTP_URL: smtp.url,
      APP_URL: `http://localhost:${PORT}`,
    },
    timeoutMs: 180_000,
  });
});

test.afterAll(async () => {
  await server?.stop();
  await smtp?.close();
});

const contextOn = async (browser: Browser) => {
  const context = await browser.newContext({ baseURL: server.baseUrl });
  return { context, page: await context.newPage() };
};
const mailsTo = (address: string) => smtp.mails.filter((m) => m.to.includes(address));
const waitForMailTo = async (address: string, n: number) => {
  while (mailsTo(address).length < n) await smtp.waitFor(smtp.mails.length + 1);
  return mailsTo(address)[n - 1]!;
};

test("forgot your password: the same answer for any address; the emailed link sets a new password once", async ({ browser }) => {
  const { context, page } = await contextOn(browser);
  try {
    await page.goto("/sign-in");
    await page.getByRole("link", { name: "Forgot your password?" }).click();
    await expect(page).toHaveURL(/\/sign-in\/link$/);
    await expect(page).toHaveTitle(/^Forgot your password\? · /);
    const form = page.getByRole("form", { name: "Email me a link to set a new password" });
    await waitForHydration(form);
    await expectNoSeriousA11yViolations(page, "/sign-in/link");

    // Not an address: named at its field.
    await form.getByLabel("Email").fill("not an address");
    await form.getByRole("button", { name: "Email me a link" }).click();
    await expect(form.getByRole("link", { name: /^Email: Enter a valid email address/ })).toBeVisible();

    // Nobody's address and a real one get the same sentence; only the real one gets mail.
    const answer = /If that address belongs to an active account, a link to set a new password is on its way to it/;
    await form.getByLabel("Email").fill(uniqueEmail("nobody"));
    await form.getByRole("button", { name: "Email me a link" }).click();
    await expect(form.getByText(answer)).toBeVisible();
    const member = demoEmail("sales.member");
    await form.getByLabel("Email").fill(member);
    await form.getByRole("button", { name: "Email me a link" }).click();
    await expect(form.getByText(answer)).toBeVisible();

    const mail = await waitForMailTo(member, 1);
    expect(mail.raw).toMatch(/Subject: Set a new Throughline password/);
    expect(mailText(mail)).toMatch(/works once, within \d+ minutes/);
    const token = linkToken(mail)!;
    await page.goto(`/invite/${token}`);
    const choose = page.getByRole("form", { name: "Choose a password" });
    await waitForHydration(choose);
    await choose.getByLabel("New password").fill("a brand new passphrase");
    await choose.getByLabel("Repeat the password").fill("a brand new passphrase");
    await choose.getByRole("button", { name: "Set password" }).click();
    await expect(page).toHaveURL(/\/sign-in\?reason=password-set/);
    await fillSignIn(page, member, "a brand new passphrase");
    await expect(page).toHaveURL(/\/dashboard$/);

    // The link worked once.
    await page.goto(`/invite/${token}`);
    await expect(page.getByText("This link is not valid or has expired.")).toBeVisible();
    expect(smtp.mails.filter((m) => !m.to.includes(member) && /Set a new Throughline password/.test(m.raw))).toEqual([]);
  } finally {
    await context.close();
  }
});

test("with SMTP configured an admin's invite is emailed to the invitee, and the page says so instead of showing the link", async ({ browser }) => {
  const { context, page } = await contextOn(browser);
  try {
    await signInAs(page, "admin");
    const email = uniqueEmail("invitee");
    await page.goto("/admin/users/new");
    const form = page.getByRole("form", { name: "Create user" });
    await waitForHydration(form);
    await expect(form.getByText("Send them a one-time link by email so they choose their own password (recommended)")).toBeVisible();
    await form.getByLabel("Full name").fill("Ivy Invitee");
    await form.getByLabel("Email", { exact: true }).fill(email);
    await form.getByLabel("Role").selectOption({ label: "Executive" });
    await form.getByRole("button", { name: "Create user" }).click();
    await expect(form.getByText("User created. Their one-time link is being emailed to them.")).toBeVisible();
    await expect(form.getByTestId("invite-emailed")).toContainText(`The one-time link was emailed to ${email}`);
    await expect(form.getByLabel(/One-time sign-in link/)).toHaveCount(0);
    await expectNoSeriousA11yViolations(page, "/admin/users/new after an emailed invite");

    const mail = await waitForMailTo(email, 1);
    expect(mail.raw).toMatch(/Subject: You are invited to Throughline/);
    const token = linkToken(mail)!;
    const invitee = await contextOn(browser);
    try {
      await invitee.page.goto(`/invite/${token}`);
      await expect(invitee.page.getByText(`Welcome, Ivy Invitee.`)).toBeVisible();
    } finally {
      await invitee.context.close();
    }
  } finally {
    await context.close();
  }
});

