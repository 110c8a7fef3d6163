import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { EditUserForm } from "@/components/admin/edit-user-form";
import { EndSessionsForm } from "@/components/admin/end-sessions-form";
import { UserAccessPanel } from "@/components/admin/user-access-panel";
import { SessionList } from "@/components/auth/session-list";
import { Badge } from "@/components/ui/badge";
import { HistoryLink } from "@/components/audit/history-link";
import { Card, CardTitle, PageHeader } from "@/components/ui/card";
import type { Actor } from "@/lib/auth/current-user";
import { emailConfigured } from "@/lib/notifications/email";
import { requireUser } from "@/lib/auth/guard";
import { passwordSignInEnabled } from "@/lib/auth/sso";
import { listSessions } from "@/lib/auth/session-commands";
import { listDepartments } from "@/lib/departments/queries";
import { isDomainError } from "@/lib/errors";
import { getUser } from "@/lib/users/queries";
import { isUuid } from "@/lib/validation";
import { endUserSessionsAction, issueInviteAction, reactivateUserAction, updateUserAction } from "../../actions";

type Props = { params: Promise<{ id: string }> };

// One query per request for both the title and the page; the actor is the request's cached one.
const loadUser = cache((actor: Actor, userId: string) => getUser({ actor, userId }));

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const actor = await requireUser("users.manage");
  const { id } = await params;
  if (!isUuid(id)) return { title: "User" };
  const user = await loadUser(actor, id).catch(() => null);
  return { title: user?.name ?? "User" };
}

export default async function UserPage({ params }: Props) {
  const actor = await requireUser("users.manage");
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const [user, departments, live] = await Promise.all([
    loadUser(actor, id).catch((e: unknown) => {
      if (isDomainError(e)) notFound();
      throw e;
    }),
    listDepartments(),
    listSessions({ actor, userId: id }),
  ]);
  const options = departments
    .filter((d) => !d.archived || d.id === user.departmentId)
    .map((d) => ({ value: d.id, label: d.archived ? `${d.name} (archived)` : d.name }));
  return (
    <>
      <PageHeader
        title={user.name}
        actions={<HistoryLink role={actor.role} entityType="user" entityId={user.id} />}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <span className="font-mono text-xs">{user.email}</span>
            {user.active ? <Badge tone="green">Active</Badge> : <Badge>Deactivated</Badge>}
            <Link href="/admin/users" className="link">Back to users</Link>
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
          <UserAccessPanel user={user} isSelf={user.id === actor.id} reactivateAction={reactivateUserAction} issueInviteAction={issueInviteAction} emailEnabled={emailConfigured()} passwordsOn={passwordSignInEnabled} />
        </Card>
        <Card aria-labelledby="sessions" className="lg:col-span-2">
          <CardTitle id="sessions" description="Ending them signs the user out on every device at their next request; it is audited.">Sessions</CardTitle>
          <SessionList caption={`Sessions of ${user.name}`} sessions={live.sessions} total={live.total} />
          <EndSessionsForm userId={user.id} action={endUserSessionsAction} />
        </Card>
      </div>
    </>
  );
}
