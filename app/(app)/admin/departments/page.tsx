import type { Metadata } from "next";
import { AdminTabs } from "@/components/admin/admin-tabs";
import { CreateDepartmentForm, DepartmentCard } from "@/components/admin/department-forms";
import { Card, CardTitle, EmptyState, PageHeader } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/guard";
import { listDepartments } from "@/lib/departments/queries";
import { listActiveHeads } from "@/lib/users/queries";
import {
  createDepartmentAction,
  renameDepartmentAction,
  restoreDepartmentAction,
  setDepartmentHeadAction,
} from "../actions";

export const metadata: Metadata = { title: "Departments" };

export default async function DepartmentsPage() {
  const actor = await requireUser("departments.manage");
  const [departments, heads] = await Promise.all([
    listDepartments(),
    listActiveHeads({ actor }),
  ]);
  const actions = {
    rename: renameDepartmentAction,
    setHead: setDepartmentHeadAction,
    restore: restoreDepartmentAction,
  };
  return (
    <>
      <PageHeader title="Admin" description="Departments own stages of the customer's journey; each has one head." />
      <AdminTabs current="/admin/departments" />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-4 lg:col-span-2">
          {departments.length === 0 ? (
            <EmptyState title="No departments yet">Create the first one with the form on this page.</EmptyState>
          ) : (
            departments.map((d) => (
              <DepartmentCard
                key={d.id}
                department={d}
                candidates={heads.filter((h) => h.departmentId === d.id).map((h) => ({ value: h.id, label: h.name }))}
                actions={actions}
              />
            ))
          )}
        </div>
        <Card aria-labelledby="new-dep" className="h-fit">
          <CardTitle id="new-dep">New department</CardTitle>
          <CreateDepartmentForm action={createDepartmentAction} />
        </Card>
      </div>
    </>
  );
}
