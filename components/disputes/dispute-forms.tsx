"use client";

import { useState } from "react";
import { ActionForm, type FormAction } from "@/components/forms/action-form";
import { SelectField, TextField } from "@/components/forms/fields";
import { TextAreaField } from "@/components/forms/textarea-field";
import { AccountablePersonSelect, RaciRolesPicker } from "@/components/journeys/raci-roles-picker";
import type { Role } from "@/lib/permissions";

type A = FormAction<unknown>;

export function StatementForm({ action, disputeId, departmentId, departmentName, statement, proposal }: { action: A; disputeId: string; departmentId: string; departmentName: string; statement: string; proposal: string }) {
  return (
    <ActionForm action={action} submitLabel={statement ? "Update statement" : "Add statement"} aria-label={`Statement of ${departmentName}`} resetOnSuccess={false}>
      <input type="hidden" name="disputeId" value={disputeId} />
      <input type="hidden" name="departmentId" value={departmentId} />
      <TextAreaField name="statement" label={`${departmentName}'s position`} defaultValue={statement} maxLength={4000} rows={3} />
      <TextAreaField name="proposal" label="What you propose" defaultValue={proposal} maxLength={2000} rows={2} />
    </ActionForm>
  );
}

export function CommentForm({ action, disputeId }: { action: A; disputeId: string }) {
  return (
    <ActionForm action={action} submitLabel="Add comment" submitVariant="secondary" aria-label="Add a comment">
      <input type="hidden" name="disputeId" value={disputeId} />
      <TextAreaField name="body" label="Comment" maxLength={2000} rows={2} />
    </ActionForm>
  );
}

export function TakeForm({ action, disputeId }: { action: A; disputeId: string }) {
  return (
    <ActionForm action={action} submitLabel="Take under review" aria-label="Take under review">
      <input type="hidden" name="disputeId" value={disputeId} />
      <p className="text-sm text-slate-700">The parties are told that you are reviewing it; it can then be decided.</p>
    </ActionForm>
  );
}

export function WithdrawForm({ action, disputeId }: { action: A; disputeId: string }) {
  return (
    <ActionForm action={action} submitLabel="Withdraw dispute" submitVariant="secondary" aria-label="Withdraw dispute">
      <input type="hidden" name="disputeId" value={disputeId} />
      <TextField name="reason" label="Why you withdraw it" maxLength={1000} />
    </ActionForm>
  );
}

type Person = { id: string; name: string; departmentId: string; role: Role };
/** The stage's RACI when the page was rendered: the decision form starts from it. */
export type CurrentRaci = {
  accountable: { departmentId: string; personId: string } | null;
  roles: Record<string, "responsible" | "consulted" | "informed">;
};

export function DecideForm({
  action,
  disputeId,
  hasStage,
  departments,
  people,
  supersedable,
  current,
}: {
  action: A;
  disputeId: string;
  hasStage: boolean;
  departments: { id: string; name: string }[];
  people: Person[];
  supersedable: { id: string; label: string }[];
  current: CurrentRaci | null;
}) {
  const [assign, setAssign] = useState(false);
  const [departmentId, setDepartmentId] = useState(current?.accountable?.departmentId ?? "");
  const [roles, setRoles] = useState<Record<string, string>>(current?.roles ?? {});
  // What the form started from, so the server applies only what the CCO changed here.
  const basis = current
    ? JSON.stringify({
        accountable: current.accountable,
        ...Object.fromEntries((["responsible", "consulted", "informed"] as const).map((r) => [r, Object.keys(current.roles).filter((id) => current.roles[id] === r).sort()])),
      })
    : "";
  return (
    <ActionForm action={action} submitLabel="Record decision" aria-label="Record a decision">
      <input type="hidden" name="disputeId" value={disputeId} />
      <TextField name="outcome" label="Outcome" maxLength={1000} hint="One sentence: what is decided." />
      <TextAreaField name="rationale" label="Rationale" maxLength={4000} rows={3} hint="Why. Recorded for good: decisions cannot be edited." />
      <TextAreaField name="optionsConsidered" label="Options considered (optional)" maxLength={4000} rows={2} />
      {supersedable.length ? (
        <SelectField name="supersedesId" label="Supersedes an earlier decision (optional)" options={supersedable.map((d) => ({ value: d.id, label: d.label }))} placeholder="None" />
      ) : null}
      {hasStage ? (
        <fieldset className="rounded-md border border-slate-200 p-3">
          <legend className="px-1 text-sm font-medium">Effect</legend>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="assignOwnership" value="on" checked={assign} onChange={(e) => setAssign(e.target.checked)} />
            This decision sets the stage&apos;s ownership (applied in the same step)
          </label>
          {assign ? (
            <div className="mt-3 space-y-3">
              <p className="text-xs text-slate-600">The stage&apos;s complete RACI after the decision, starting from today&apos;s. What you leave as it is stays as it is.</p>
              <input type="hidden" name="effectBasis" value={basis} />
              <div className="grid gap-3 sm:grid-cols-2">
                <SelectField name="effectDepartmentId" label="Accountable department" value={departmentId} onChange={(e) => setDepartmentId(e.target.value)} options={departments.map((d) => ({ value: d.id, label: d.name }))} placeholder="Choose a department" />
                <AccountablePersonSelect key={departmentId} name="effectPersonId" people={people} peopleOf={current?.accountable?.departmentId ?? null} departmentId={departmentId} currentPersonId={current?.accountable?.personId} />
              </div>
              <RaciRolesPicker
                departments={departments}
                accountableId={departmentId}
                roles={roles}
                onChange={(id, role) => setRoles((r) => ({ ...r, [id]: role }))}
                fieldNames={{ responsible: "effectResponsible", consulted: "effectConsulted", informed: "effectInformed" }}
              />
            </div>
          ) : null}
        </fieldset>
      ) : null}
    </ActionForm>
  );
}
