import type { Metadata } from "next";
import Link from "next/link";
import { AdminTabs } from "@/components/admin/admin-tabs";
import { UserFilters } from "@/components/admin/user-filters";
import { Badge } from "@/components/ui/badge";
import { LinkButton } from "@/components/ui/button";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { PageSummary, Pager } from "@/components/ui/pager";
import { Table, Td, Th } from "@/components/ui/table";
import { IgnoredFilters } from "@/components/ui/ignored-filters";
import { requireUser } from "@/lib/auth/guard";
import { listDepartments } from "@/lib/departments/queries";
import { pagingSchema } from "@/lib/pagination";
import { ROLE_LABELS } from "@/lib/permissions";
import { listUsers } from "@/lib/users/queries";
import { userFilterSchema } from "@/lib/users/schemas";
import { parseFilters } from "@/lib/validation";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireUser("users.manage");
  const params = await searchParams;
  const { filter, ignored } = parseFilters(userFilterSchema, params);
  const [page, departments] = await Promise.all([listUsers({ actor, filter, paging: pagingSchema.parse(params) }), listDepartments()]);
  const rows = page.rows;
  const filtered = Boolean(filter.q || filter.role || filter.departmentId || filter.status !== "all");
  return (
    <>
      <PageHeader
        title="Admin"
        description="Manage who can sign in, their role and department."
        actions={<LinkButton href="/admin/users/new" variant="primary">New user</LinkButton>}
      />
      <IgnoredFilters ignored={ignored} labels={{ q: "Search" }} />
      <AdminTabs current="/admin/users" />
      <UserFilters filter={filter} departments={departments.map((d) => ({ value: d.id, label: d.archived ? `${d.name} (archived)` : d.name }))} />
      <PageSummary page={page} noun={["user", "users"]} extra={filtered ? " match these filters" : ""} />
      {rows.length === 0 ? (
        <EmptyState title={filtered ? "No users match these filters" : "No users yet"}>
          {filtered ? <Link className="link" href="/admin/users">Clear the filters</Link> : "Create the first user to get started."}
        </EmptyState>
      ) : (
        <Table caption="Users">
          <thead>
            <tr>
              <Th>Name</Th>
              <Th>Email</Th>
              <Th>Role</Th>
              <Th>Department</Th>
              <Th>Status</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((u) => (
              <tr key={u.id} className={u.active ? undefined : "bg-slate-50 text-slate-500"}>
                <Td>
                  <Link href={`/admin/users/${u.id}`} className="font-medium text-brand-700 underline-offset-2 hover:underline">{u.name}</Link>
                </Td>
                <Td className="font-mono text-xs">{u.email}</Td>
                <Td>{ROLE_LABELS[u.role]}</Td>
                <Td>{u.departmentName ?? "—"}</Td>
                <Td>
                  <div className="flex flex-wrap gap-1">
                    {u.active ? <Badge tone="green">Active</Badge> : <Badge tone="neutral">Deactivated</Badge>}
                    {!u.hasPassword && u.invitePending ? <Badge tone="amber">Invite pending</Badge> : null}
                    {!u.hasPassword && !u.invitePending ? <Badge tone="red">No password</Badge> : null}
                  </div>
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <Pager page={page} path="/admin/users" query={filter} noun={["user", "users"]} />
    </>
  );
}
