import type { User } from "@/db/schema";

/** What the audit log keeps of a user: never the password hash. */
export function userSnapshot(u: User) {
  return { email: u.email, name: u.name, role: u.role, departmentId: u.departmentId, active: u.active };
}
