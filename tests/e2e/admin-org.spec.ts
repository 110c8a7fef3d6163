import { expect, test, type Page } from "@playwright/test";
import { createUser, openUser, signInAs, unique, uniqueEmail, waitForHydration } from "./helpers";

/** The card of one department on /admin/departments (a region named by its heading). */
const departmentCard = (page: Page, name: string) => page.getByRole("region", { name, exact: true });

test("admin runs the department life cycle: create, rename, set head, archive, restore", async ({ page }) => {
  const original = unique("Loyalty");
  const renamed = unique("Retention");
  const headName = unique("Hana Head");
  const headEmail = uniqueEmail("hana");

  await signInAs(page, "admin");

  // Create.
  await page.goto("/admin/departments");
  const createForm = page.getByRole("form", { name: "New department" });
  await waitForHydration(createForm);
  await createForm.getByLabel("Name", { exact: true }).fill(original);
  await createForm.getByRole("button", { name: "Create department" }).click();
  await expect(createForm.getByRole("status")).toHaveText("Department created.");
  let card = departmentCard(page, original);
  await expect(card).toContainText("Current");
  await expect(card).toContainText("0 active people · Head: none");

  // A duplicate name is refused with a field error from the server.
  await createForm.getByLabel("Name", { exact: true }).fill(original);
  await createForm.getByRole("button", { name: "Create department" }).click();
  await expect(createForm.getByLabel("Name", { exact: true })).toHaveAccessibleDescription("A department with this name already exists.");

  // Rename.
  const renameForm = card.getByRole("form", { name: `Rename ${original}` });
  await waitForHydration(renameForm);
  await renameForm.getByLabel("Name", { exact: true }).fill(renamed);
  await renameForm.getByRole("button", { name: "Rename" }).click();
  card = departmentCard(page, renamed);
  await expect(card.getByRole("status")).toHaveText("Renamed.");
  await expect(departmentCard(page, original)).toHaveCount(0);
  // With no department head in it yet, there is nobody to choose.
  await expect(card.getByLabel("Head", { exact: true })).toHaveAccessibleDescription(/Give someone the department head role in this department first/);

  // Give a user the department head role in it: create them as a member, then promote.
  await createUser(page, { name: headName, email: headEmail, role: "Member", department: renamed });
  await openUser(page, headEmail);
  const editForm = page.getByRole("form", { name: "Role and department" });
  await waitForHydration(editForm);
  await expect(editForm.getByLabel("Department")).toHaveValue(/[0-9a-f-]{36}/);
  await editForm.getByLabel("Role").selectOption({ label: "Department head" });
  await editForm.getByRole("button", { name: "Save changes" }).click();
  await expect(editForm.getByRole("status")).toHaveText("Changes saved.");

  // Set head.
  await page.goto("/admin/departments");
  card = departmentCard(page, renamed);
  const headForm = card.getByRole("form", { name: `Head of ${renamed}` });
  await waitForHydration(headForm);
  await headForm.getByLabel("Head", { exact: true }).selectOption({ label: headName });
  await headForm.getByRole("button", { name: "Set head" }).click();
  await expect(headForm.getByRole("status")).toHaveText("Head updated.");
  await expect(card).toContainText(`1 active person · Head: ${headName}`);

  // Archive, with a reason, after the preview of what it owns (nothing yet).
  await card.getByRole("link", { name: `Archive ${renamed}…` }).click();
  await expect(page).toHaveURL(/\/admin\/departments\/[0-9a-f-]{36}\/archive$/);
  const archiveForm = page.getByRole("form", { name: `Archive ${renamed}` });
  await waitForHydration(archiveForm);
  await expect(archiveForm).toContainText(`${renamed} owns nothing that needs a successor.`);
  await expect(archiveForm.getByRole("region", { name: "What will be flagged" })).toHaveText("Nothing will be left flagged.");
  const reason = `Merged ${renamed} into Customer Service`;
  await archiveForm.getByLabel("Reason (optional)").fill(reason);
  await archiveForm.getByRole("button", { name: `Archive ${renamed}` }).click();
  await expect(page.getByRole("status").filter({ hasText: "was archived" })).toHaveText(`${renamed} was archived. 0 items were handed on; 0 were left flagged.`);
  await page.goto("/admin/departments");
  card = departmentCard(page, renamed);
  await expect(card.getByText("Archived", { exact: true })).toBeVisible();
  await expect(card.getByRole("button", { name: "Restore department" })).toBeVisible();
  await expect(card.getByRole("form", { name: `Rename ${renamed}` })).toHaveCount(0);

  // An archived department takes no new people.
  await page.goto("/admin/users/new");
  await expect(page.getByLabel("Department").getByRole("option", { name: renamed })).toHaveCount(0);

  // Restore.
  await page.goto("/admin/departments");
  card = departmentCard(page, renamed);
  const restoreForm = card.getByRole("form", { name: `Restore ${renamed}` });
  await waitForHydration(restoreForm);
  await restoreForm.getByRole("button", { name: "Restore department" }).click();
  await expect(card.getByText("Current", { exact: true })).toBeVisible();
  await expect(card.getByRole("form", { name: `Rename ${renamed}` })).toBeVisible();
  await expect(card).toContainText(`Head: ${headName}`);

  // The life cycle is in the audit log, newest first, with the reason for the archive.
  await page.goto("/audit");
  const events = page.getByRole("table", { name: "Audit events, newest first" }).getByRole("row");
  await expect(events.filter({ hasText: "Department restored" }).first()).toContainText("Archived: yes → no");
  await expect(events.filter({ hasText: "Department archived" }).first()).toContainText(`Reason: ${reason}`);
  await expect(events.filter({ hasText: "Department created" }).filter({ hasText: original })).toHaveCount(1);
});

test("admin changes settings: an out-of-range value is refused, a valid one is saved", async ({ page }) => {
  await signInAs(page, "admin");
  await page.goto("/admin/settings");
  const form = page.getByRole("form", { name: "Settings" });
  await waitForHydration(form);
  const sla = form.getByLabel("Dispute service level (days)");
  const stale = form.getByLabel("Stale check-in period (days)");
  const save = form.getByRole("button", { name: "Save settings" });

  await sla.fill("0");
  await stale.fill("400");
  await save.click();
  await expect(form.getByRole("alert")).toHaveText("Please correct the highlighted fields.");
  await expect(sla).toHaveAttribute("aria-invalid", "true");
  await expect(sla).toHaveAccessibleDescription(/Dispute service level must be at least 1 day\./);
  await expect(stale).toHaveAccessibleDescription(/Stale check-in period must be at most 365 days\./);

  // Nothing was saved.
  await page.reload();
  await waitForHydration(form);
  const before = { sla: await sla.inputValue(), stale: await stale.inputValue() };
  expect(before.sla).not.toBe("0");
  expect(before.stale).not.toBe("400");

  const nextSla = before.sla === "9" ? "10" : "9";
  const nextStale = before.stale === "21" ? "22" : "21";
  await sla.fill(nextSla);
  await stale.fill(nextStale);
  await save.click();
  await expect(form.getByRole("status")).toHaveText("Settings saved.");
  await expect(sla).not.toHaveAttribute("aria-invalid", "true");

  await page.reload();
  await expect(sla).toHaveValue(nextSla);
  await expect(stale).toHaveValue(nextStale);
});
