import type { Metadata } from "next";
import Link from "next/link";
import { CreateUserForm } from "@/components/admin/create-user-form";
import { Card, PageHeader } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/guard";
import { emailConfigured } from "@/lib/notifications/email";
import { passwordSignInEnabled, ssoConfig } from "@/lib/auth/sso";
import { listDepartments } from "@/lib/departments/queries";
import { createUserAction } from "../../actions";

export const metadata: Metadata = { title: "New user" };

export default async function NewUserPage() {
  await requireUser("users.manage");
  const departments = (await listDepartments()).filter((d) => !d.archived);
  return (
    <>
      <PageHeader title="New user" description={<Link href="/admin/users" className="link">Back to users</Link>} />
      <Card className="max-w-2xl">
        <CreateUserForm action={createUserAction} departments={departments.map((d) => ({ value: d.id, label: d.name }))} emailEnabled={emailConfigured()} ssoName={ssoConfig?.name ?? null} passwordsOn={passwordSignInEnabled} />
      </Card>
    </>
  );
}
