import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { EditUserForm } from "@/components/admin/edit-user-form";
import { UserAccessPanel } from "@/components/admin/user-access-panel";
import { Badge } from "@/components/ui/badge";
import { Card, CardTitle, PageHeader } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/guard";
import { listDepartments } from "@/lib/departments/queries";
import { isDomainError } from "@/lib/errors";
import { getUser } from "@/lib/users/queries";
import { isUuid } from "@/lib/validation";
import { issueInviteAction, setUserActiveAction, updateUserAction } from "../../actions";

export const metadata: Metadata = { title: "User" };


export default async function UserPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireUser("users.manage");
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const [user, departments] = await Promise.all([
    getUser({ actor, userId: id }).catch((e: unknown) => {
      if (isDomainError(e)) notFound();
      throw e;
    }),
    listDepartments(),
  ]);
  const options = departments
    .filter((d) => !d.archived || d.id === user.departmentId)
    .map((d) => ({ value: d.id, label: d.archived ? `${d.name} (archived)` : d.name }));
  return (
    <>
      <PageHeader
        title={user.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <span className="font-mono text-xs">{user.email}</span>
            {user.active ? <Badge tone="green">Active</Badge> : <Badge>Deactivated</Badge>}
            <Link href="/admin/users" className="text-brand-700 underline">Back to users</Link>
          </span>
        }
      />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card aria-labelledby="profile">
          <CardTitle id="profile">Role and department</CardTitle>
          <EditUserForm action={updateUserAction} user={user} departments={options} />
        </Card>
        <Card aria-labelledby="access">
          <CardTitle id="access" description="Deactivated users lose access on their next request.">Access</CardTitle>
          <UserAccessPanel user={user} isSelf={user.id === actor.id} setActiveAction={setUserActiveAction} issueInviteAction={issueInviteAction} />
        </Card>
      </div>
    </>
  );
}
