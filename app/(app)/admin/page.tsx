import { redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/guard";

export default async function AdminIndex() {
  await requireUser("users.manage");
  redirect("/admin/users");
}
