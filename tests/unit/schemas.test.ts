import { describe, expect, it } from "vitest";
import { signInSchema } from "@/lib/auth/credentials-schema";
import { safeCallbackUrl } from "@/lib/auth/redirect";
import { createDepartmentSchema, setDepartmentHeadSchema } from "@/lib/departments/schemas";
import { updateSettingsSchema } from "@/lib/settings/schemas";
import { acceptInviteSchema, createUserSchema, setUserActiveSchema, updateUserSchema, userFilterSchema } from "@/lib/users/schemas";
import { formDataToObject, zodFieldErrors } from "@/lib/validation";

const DEP = "6c1f6a2e-3b7e-4c1a-9a55-1f2d3c4b5a69";
const USER = "0b8f2a9c-1d3e-4f5a-8b6c-7d8e9f0a1b2c";

function errorsOf(result: { success: boolean; error?: unknown }) {
  if (result.success) return {};
  return zodFieldErrors(result.error as Parameters<typeof zodFieldErrors>[0]);
}

describe("createUserSchema", () => {
  const valid = { email: "Ana@Example.com", name: "Ana Lima", role: "head", departmentId: DEP, setup: "invite" };

  it("accepts a valid invite and trims text", () => {
    const r = createUserSchema.safeParse({ ...valid, name: "  Ana Lima  " });
    expect(r.success && r.data.name).toBe("Ana Lima");
  });

  it("returns every field error at once, each specific", () => {
    const r = createUserSchema.safeParse({ email: "not-an-email", name: "", role: "wizard", setup: "" });
    const e = errorsOf(r);
    expect(e.email).toEqual(["Enter a valid email address, like name@company.com."]);
    expect(e.name).toEqual(["Name is required."]);
    expect(e.role).toEqual(["Choose a role."]);
    expect(e.setup).toEqual(["Choose how the user will sign in."]);
  });

  it("requires a department for heads and members but not for executives", () => {
    expect(errorsOf(createUserSchema.safeParse({ ...valid, departmentId: "" })).departmentId).toEqual([
      "A department head must belong to a department.",
    ]);
    expect(errorsOf(createUserSchema.safeParse({ ...valid, role: "member", departmentId: "" })).departmentId).toEqual([
      "A member must belong to a department.",
    ]);
    expect(createUserSchema.safeParse({ ...valid, role: "executive", departmentId: "" }).success).toBe(true);
  });

  it("requires a long enough password only when setting one", () => {
    expect(errorsOf(createUserSchema.safeParse({ ...valid, setup: "password", password: "short" })).password).toEqual([
      "Password must be at least 12 characters.",
    ]);
    expect(createUserSchema.safeParse({ ...valid, setup: "password", password: "long enough password" }).success).toBe(true);
  });

  it("rejects over-long values with the limit in the message", () => {
    const e = errorsOf(createUserSchema.safeParse({ ...valid, name: "x".repeat(121), email: `${"a".repeat(250)}@x.io` }));
    expect(e.name).toEqual(["Name must be at most 120 characters."]);
    expect(e.email?.[0]).toContain("254");
  });

  it("rejects a malformed department id", () => {
    expect(errorsOf(createUserSchema.safeParse({ ...valid, departmentId: "42" })).departmentId).toEqual(["That department does not exist."]);
  });
});

describe("other admin schemas", () => {
  it("updateUserSchema needs a real user id", () => {
    const e = errorsOf(updateUserSchema.safeParse({ userId: "abc", name: "A", role: "admin", departmentId: "" }));
    expect(e.userId).toEqual(["That user does not exist."]);
  });

  it("setUserActiveSchema reads form strings as booleans", () => {
    const r = setUserActiveSchema.safeParse({ userId: USER, active: "false" });
    expect(r.success && r.data.active).toBe(false);
  });

  it("acceptInviteSchema requires matching passwords", () => {
    const e = errorsOf(acceptInviteSchema.safeParse({ token: "x".repeat(43), password: "a long password!", confirm: "another one" }));
    expect(e.confirm).toEqual(["The two passwords do not match."]);
  });

  it("department names are required and bounded", () => {
    expect(errorsOf(createDepartmentSchema.safeParse({ name: "   " })).name).toEqual(["Department name is required."]);
    expect(errorsOf(createDepartmentSchema.safeParse({ name: "x".repeat(81) })).name).toEqual(["Department name must be at most 80 characters."]);
  });

  it("a department head may be cleared with an empty choice", () => {
    const r = setDepartmentHeadSchema.safeParse({ departmentId: DEP, headUserId: "" });
    expect(r.success && r.data.headUserId).toBeNull();
  });

  it.each([
    ["0", "Dispute service level must be at least 1 day."],
    ["366", "Dispute service level must be at most 365 days."],
    ["1.5", "Dispute service level must be a whole number of days."],
    ["abc", "Dispute service level must be a whole number of days."],
    ["Infinity", "Dispute service level must be a whole number of days."],
  ])("settings reject %s days", (value, message) => {
    expect(errorsOf(updateSettingsSchema.safeParse({ disputeSlaDays: value, staleCheckInDays: "14" })).disputeSlaDays).toEqual([message]);
  });

  it("user filters ignore malformed URL values instead of failing", () => {
    expect(userFilterSchema.parse({ role: "wizard", departmentId: "nope", status: "??" })).toEqual({
      q: undefined,
      role: undefined,
      departmentId: undefined,
      status: "all",
    });
  });
});

describe("sign-in input", () => {
  it("explains a missing email and password", () => {
    const e = errorsOf(signInSchema.safeParse({ email: "", password: "" }));
    expect(e.email).toEqual(["Enter your email address."]);
    expect(e.password).toEqual(["Enter your password."]);
  });

  it.each([
    ["/admin/users", "/admin/users"],
    ["https://evil.example/", "/dashboard"],
    ["//evil.example", "/dashboard"],
    ["/\\evil.example", "/dashboard"],
    ["/sign-in", "/dashboard"],
    [undefined, "/dashboard"],
  ])("callback %s → %s", (input, expected) => {
    expect(safeCallbackUrl(input)).toBe(expected);
  });
});

describe("formDataToObject", () => {
  it("keeps repeated keys as arrays and drops Next's action keys", () => {
    const f = new FormData();
    f.append("a", "1");
    f.append("tag", "x");
    f.append("tag", "y");
    f.append("$ACTION_ID_abc", "");
    expect(formDataToObject(f)).toEqual({ a: "1", tag: ["x", "y"] });
  });
});
