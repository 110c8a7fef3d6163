import { z } from "zod";
import { DEPARTMENT_ROLES, ROLES, ROLE_LABELS } from "@/lib/permissions";
import { emailField, optionalTextField, optionalUuidField, passwordField, safeText, textField, textParam, uuidField } from "@/lib/validation";

const roleField = z.enum(ROLES, { error: "Choose a role." });

// Cross-field checks run even when another field is invalid, so every error shows at once.
const ALWAYS = { when: () => true };

function requireDepartmentForRole(
  value: { role: (typeof ROLES)[number]; departmentId: string | null | undefined },
  ctx: z.RefinementCtx,
) {
  // On the ALWAYS path the value may be raw input (even null), where "no department" is "".
  if (!value || typeof value !== "object") return;
  if (DEPARTMENT_ROLES.includes(value.role) && !value.departmentId) {
    ctx.addIssue({
      code: "custom",
      path: ["departmentId"],
      message: `A ${ROLE_LABELS[value.role].toLowerCase()} must belong to a department.`,
    });
  }
}

export const createUserSchema = z
  .object({
    email: emailField,
    name: textField("Name", 120),
    role: roleField,
    departmentId: optionalUuidField("department"),
    // "sso": no password; they sign in with single sign-on and are matched by their verified email.
    setup: z.enum(["invite", "password", "sso"], { error: "Choose how the user will sign in." }),
    password: safeText("Password must be text.").optional(),
  })
  .superRefine((value, ctx) => {
    requireDepartmentForRole(value, ctx);
    if (value && typeof value === "object" && value.setup === "password") {
      const result = passwordField.safeParse(value.password ?? "");
      if (!result.success) {
        for (const issue of result.error.issues) ctx.addIssue({ code: "custom", path: ["password"], message: issue.message });
      }
    }
  }, ALWAYS);
export type CreateUserInput = z.infer<typeof createUserSchema>;

export const updateUserSchema = z
  .object({
    userId: uuidField("user"),
    name: textField("Name", 120),
    role: roleField,
    departmentId: optionalUuidField("department"),
  })
  .superRefine(requireDepartmentForRole, ALWAYS);
export type UpdateUserInput = z.infer<typeof updateUserSchema>;

export const setUserActiveSchema = z.object({
  userId: uuidField("user"),
  // The form sends "true" or "false"; anything else (or nothing) is refused, not read as "deactivate".
  active: z.preprocess(
    (v) => (v === "true" ? true : v === "false" ? false : v),
    z.boolean({ error: "Choose whether the user should be active." }),
  ),
  reason: safeText("Reason must be text.").trim().max(500, "Reason must be at most 500 characters.").optional(),
});

export const issueInviteSchema = z.object({ userId: uuidField("user") });

export const endUserSessionsSchema = z.object({ userId: uuidField("user") });

export const acceptInviteSchema = z
  .object({
    token: safeText("This link is not valid.").trim().min(20, "This link is not valid.").max(200, "This link is not valid."),
    password: passwordField,
    confirm: safeText("Repeat the password.").min(1, "Repeat the password."),
  })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "The two passwords do not match." });

export const userFilterSchema = z.object({
  q: textParam(120).optional().catch(undefined),
  role: z.enum(ROLES).optional().catch(undefined),
  departmentId: z.uuid().optional().catch(undefined),
  status: z.enum(["all", "active", "inactive"]).default("all").catch("all"),
});
export type UserFilter = z.infer<typeof userFilterSchema>;

/** Reactivation only: deactivating goes through the offboarding preview (lib/offboarding). */
export const reactivateUserSchema = z.object({
  userId: uuidField("user"),
  reason: optionalTextField("Reason", 500),
});

/** The sign-in page's "email me a link to set a new password". */
export const requestPasswordLinkSchema = z.object({ email: emailField });
