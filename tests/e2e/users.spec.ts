import { expect, test } from "@playwright/test";
import {
  createUser,
  fillSignIn,
  openUser,
  signIn,
  signInAs,
  signOut,
  unique,
  uniqueEmail,
  waitForHydration,
} from "./helpers";

test.describe("admin creates users", () => {
  test("with an initial password; the new user signs in with it", async ({ page }) => {
    const name = unique("Pat Password");
    const email = uniqueEmail("pat");
    const password = `pw-${Date.now()}-long-enough`;

    await signInAs(page, "admin");
    await createUser(page, { name, email, role: "Member", department: "Sales", password });

    // Listed, active, with a password (no "Invite pending" badge).
    await page.goto(`/admin/users?q=${encodeURIComponent(email)}`);
    const row = page.getByRole("table", { name: "Users" }).getByRole("row").filter({ hasText: email });
    await expect(row).toContainText(name);
    await expect(row).toContainText("Member");
    await expect(row).toContainText("Sales");
    await expect(row).toContainText("Active");
    await expect(row).not.toContainText("Invite pending");

    await signOut(page);
    await signIn(page, email, password);
    await expect(page.getByRole("banner")).toContainText(name);
    await expect(page.getByTestId("current-role")).toHaveText("Member · Sales");
  });

  test("with a one-time invite link; the user chooses a password, then signs in", async ({ page }) => {
    const name = unique("Ivy Invite");
    const email = uniqueEmail("ivy");
    const password = `chosen-${Date.now()}-secret`;

    await signInAs(page, "admin");
    const { inviteUrl } = await createUser(page, { name, email, role: "Executive" });
    expect(inviteUrl).toBeTruthy();

    await page.goto(`/admin/users?q=${encodeURIComponent(email)}`);
    await expect(page.getByRole("table", { name: "Users" }).getByRole("row").filter({ hasText: email })).toContainText("Invite pending");
    await signOut(page);

    // Until the password is chosen, nobody can sign in as this user.
    await fillSignIn(page, email, password);
    await expect(page.getByRole("form", { name: "Sign in" }).getByRole("alert")).toBeVisible();

    await page.goto(inviteUrl!);
    await expect(page.getByRole("heading", { name: "Choose a password" })).toBeVisible();
    await expect(page.getByText(`Welcome, ${name}.`)).toBeVisible();
    const form = page.getByRole("form", { name: "Choose a password" });
    await waitForHydration(form);
    await form.getByLabel("New password").fill(password);
    await form.getByLabel("Repeat the password").fill(password);
    await form.getByRole("button", { name: "Set password" }).click();

    await expect(page).toHaveURL(/\/sign-in\?reason=password-set/);
    await expect(page.getByText("Your password is set. Sign in with it now.")).toBeVisible();
    await expect(page.getByLabel("Email")).toHaveValue(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(page.getByTestId("current-role")).toHaveText("Executive");
    await signOut(page);

    // The link works once.
    await page.goto(inviteUrl!);
    await expect(page.getByRole("main").getByRole("alert")).toContainText("This link is not valid or has expired.");
    await expect(page.getByRole("form", { name: "Choose a password" })).toHaveCount(0);
  });
});

test("the create-user form shows every field error on an empty submit, all named by the server's one answer", async ({ page }) => {
  await signInAs(page, "admin");
  await page.goto("/admin/users/new");
  const form = page.getByRole("form", { name: "Create user" });
  await waitForHydration(form);

  const posts: string[] = [];
  page.on("request", (r) => {
    if (r.method() !== "GET") posts.push(`${r.method()} ${r.url()}`);
  });

  await form.getByRole("button", { name: "Create user" }).click();

  await expect(form.getByRole("alert")).toHaveText("Please correct the highlighted fields.");
  const fullName = form.getByLabel("Full name");
  const email = form.getByLabel("Email");
  const role = form.getByLabel("Role");
  await expect(fullName).toHaveAttribute("aria-invalid", "true");
  await expect(fullName).toHaveAccessibleDescription("Name is required.");
  await expect(email).toHaveAttribute("aria-invalid", "true");
  await expect(email).toHaveAccessibleDescription("Email is required.");
  await expect(role).toHaveAttribute("aria-invalid", "true");
  await expect(role).toHaveAccessibleDescription("Choose a role.");

  // A department role without a department, a malformed email and a short password:
  // again all named at once.
  await fullName.fill("Val Idation");
  await email.fill("not-an-email");
  await role.selectOption({ label: "Department head" });
  await form.getByRole("radio", { name: "Set an initial password now" }).check();
  await form.getByLabel("Initial password", { exact: true }).fill("short");
  await form.getByRole("button", { name: "Create user" }).click();

  await expect(email).toHaveAccessibleDescription("Enter a valid email address, like name@company.com.");
  await expect(form.getByLabel("Department")).toHaveAccessibleDescription(/must belong to a department/);
  await expect(form.getByLabel("Initial password", { exact: true })).toHaveAccessibleDescription(/Password must be at least 12 characters\./);
  await expect(fullName).not.toHaveAttribute("aria-invalid", "true");
  await expect(role).not.toHaveAttribute("aria-invalid", "true");

  // The browser holds no schema (zod stays on the server): each submit was one server action
  // POST, and its answer named every field.
  expect(posts, "one server action call per submit").toHaveLength(2);
  await expect(page).toHaveURL(/\/admin\/users\/new$/);
});

test("a deactivated user is signed out on their next request", async ({ page: adminPage, browser, baseURL }) => {
  const name = unique("Dee Activated");
  const email = uniqueEmail("dee");
  const password = `deactivate-me-${Date.now()}`;

  await signInAs(adminPage, "admin");
  await createUser(adminPage, { name, email, role: "Member", department: "Finance", password });

  const userContext = await browser.newContext({ baseURL });
  try {
    const userPage = await userContext.newPage();
    await signIn(userPage, email, password);
    await userPage.goto("/goals");
    await expect(userPage.getByRole("heading", { name: "Goals", level: 1 })).toBeVisible();

    await openUser(adminPage, email);
    await adminPage.getByRole("link", { name: "Deactivate user…" }).click();
    const deactivate = adminPage.getByRole("form", { name: `Deactivate ${name}` });
    await waitForHydration(deactivate);
    await deactivate.getByLabel("Reason (optional)").fill("Left the company (e2e)");
    await deactivate.getByRole("button", { name: `Deactivate ${name}` }).click();
    await expect(adminPage.getByRole("status").filter({ hasText: "was deactivated" })).toBeVisible();
    await openUser(adminPage, email);
    await expect(adminPage.getByRole("button", { name: "Reactivate user" })).toBeVisible();
    await expect(adminPage.getByText("Deactivated", { exact: true })).toBeVisible();

    // The user's session cookie is still there, but the next request ends the session.
    await userPage.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Decisions" }).click();
    await expect(userPage).toHaveURL(/\/sign-in\?reason=ended$/);
    await expect(userPage.getByText("Your session has ended. Sign in again to continue.")).toBeVisible();

    // And the account no longer signs in.
    await fillSignIn(userPage, email, password);
    await expect(userPage.getByRole("form", { name: "Sign in" }).getByRole("alert")).toHaveText(
      "That email and password do not match an active account.",
    );
  } finally {
    await userContext.close();
  }
});
