"use client";

import { useState } from "react";
import { ActionForm, useFieldErrors, useFieldId, useRegisterField, type FormAction } from "@/components/forms/action-form";
import { FormErrorFor, SelectField, TextField } from "@/components/forms/fields";
import { TextAreaField } from "@/components/forms/textarea-field";
import { OVERDUE_CONFIRMATION_LABEL, smartCheck, type SmartDraft } from "@/lib/goals/rules";
import { mayHeadDepartment, type Role } from "@/lib/permissions";
import { SmartPanel } from "./smart-panel";

type Options = { people: { id: string; name: string; role: Role }[]; objectives: { id: string; title: string }[] };
export type GoalDefaults = Partial<Record<keyof SmartDraft | "ownerId" | "resourcesNote" | "signalMetric", string>>;

export function GoalForm({
  mode,
  action,
  hiddenId,
  options,
  defaults = {},
}: {
  mode: "create" | "edit";
  action: FormAction<unknown>;
  hiddenId: { name: "stageId" | "goalId"; value: string };
  options: Options;
  defaults?: GoalDefaults;
}) {
  const [draft, setDraft] = useState<SmartDraft>({ direction: "increase", ...defaults });
  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <ActionForm
        action={action}
        resetOnSuccess={mode === "create"}
        submitLabel={mode === "create" ? "Save goal" : "Save changes"}
        aria-label={mode === "create" ? "New goal" : "Edit goal"}
        className="space-y-4 lg:col-span-2"
        onValuesChange={(v) => setDraft(v as SmartDraft)}
        renderSuccess={(d) =>
          d && typeof d === "object" && "goalId" in d ? (
            <a className="text-sm font-medium text-brand-700 underline" href={`/goals/${(d as { goalId: string }).goalId}`}>Open the goal</a>
          ) : null
        }
      >
        <input type="hidden" name={hiddenId.name} value={hiddenId.value} />
        <fieldset className="space-y-3">
          <legend className="text-sm font-semibold text-slate-900">Specific</legend>
          <TextField name="title" label="Title" defaultValue={defaults.title} maxLength={120} />
          <TextAreaField name="description" label="Description: what changes for the customer" defaultValue={defaults.description} maxLength={2000} rows={3} />
        </fieldset>
        <fieldset className="grid gap-3 sm:grid-cols-2">
          <legend className="text-sm font-semibold text-slate-900">Measurable</legend>
          <TextField name="metricName" label="Metric" defaultValue={defaults.metricName} maxLength={80} hint="e.g. First-contact resolution" />
          <TextField name="metricUnit" label="Unit" defaultValue={defaults.metricUnit} maxLength={40} hint="e.g. % of contacts" />
          <TextField name="baseline" label="Baseline" inputMode="decimal" defaultValue={defaults.baseline} />
          <TextField name="target" label="Target" inputMode="decimal" defaultValue={defaults.target} />
          <SelectField name="direction" label="Direction" defaultValue={defaults.direction ?? "increase"} options={[{ value: "increase", label: "Increase toward the target" }, { value: "decrease", label: "Decrease toward the target" }]} />
          <SelectField
            name="signalMetric"
            label="Measured from customer signals"
            defaultValue={defaults.signalMetric ?? ""}
            placeholder="No: people record check-ins"
            options={[
              { value: "csat_average", label: "Average CSAT of the stage (1–5)" },
              { value: "nps", label: "NPS of the stage (−100…100)" },
              { value: "ces_average", label: "Average CES of the stage (1–7)" },
              { value: "negative_share", label: "Share of negative signals at the stage (%)" },
            ]}
            hint="When chosen, a check-in is computed every day from the last 30 days of the stage's signals, and typed check-ins are refused."
          />
        </fieldset>
        <fieldset className="grid gap-3 sm:grid-cols-2">
          <legend className="text-sm font-semibold text-slate-900">Achievable</legend>
          <TextField name="budget" label="Budget" inputMode="decimal" defaultValue={defaults.budget} hint="0 is fine, but state it." />
          <TextField name="people" label="People" inputMode="numeric" defaultValue={defaults.people} hint="How many people work on it." />
          <TextField name="resourcesNote" label="Resources note (optional)" defaultValue={defaults.resourcesNote} maxLength={500} className="sm:col-span-2" />
        </fieldset>
        <fieldset className="grid gap-3 sm:grid-cols-2">
          <legend className="text-sm font-semibold text-slate-900">Relevant and owned</legend>
          <SelectField name="objectiveId" label="Strategic objective" defaultValue={defaults.objectiveId ?? ""} options={options.objectives.map((o) => ({ value: o.id, label: o.title }))} placeholder="Choose an objective" />
          <SelectField name="ownerId" label="Goal owner" defaultValue={defaults.ownerId ?? options.people.find((p) => mayHeadDepartment(p.role))?.id ?? ""} options={options.people.map((p) => ({ value: p.id, label: p.name }))} placeholder="Choose a person" hint="Someone in the department that owns the stage." />
        </fieldset>
        <fieldset className="grid gap-3 sm:grid-cols-2">
          <legend className="text-sm font-semibold text-slate-900">Time-bound</legend>
          <TextField name="startDate" label="Start date" type="date" defaultValue={defaults.startDate} />
          <TextField name="dueDate" label="Due date" type="date" defaultValue={defaults.dueDate} />
        </fieldset>
        {mode === "create" ? (
          <>
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="activate" value="true" /> Activate now (otherwise it is saved as a draft)
            </label>
            <OverdueConfirmation />
          </>
        ) : null}
        <FormErrorFor name="_form" />
      </ActionForm>
      <div className="lg:sticky lg:top-4 lg:self-start">
        <SmartPanel result={smartCheck(draft)} live />
      </div>
    </div>
  );
}

/**
 * "Yes, it is already overdue": appears with the refusal of an active goal whose due date has
 * passed, and then stays, so a later refusal for another field keeps what was ticked.
 */
function OverdueConfirmation() {
  const errors = useFieldErrors().confirmOverdue;
  const id = useFieldId("confirmOverdue");
  useRegisterField("confirmOverdue", OVERDUE_CONFIRMATION_LABEL);
  const [asked, setAsked] = useState(false);
  if (errors?.length && !asked) setAsked(true);
  if (!asked && !errors?.length) return null;
  return (
    <div className="space-y-1 rounded-md border border-amber-300 bg-amber-50 p-3">
      <label htmlFor={id} className="flex items-center gap-2 text-sm font-medium">
        <input
          id={id}
          type="checkbox"
          name="confirmOverdue"
          value="true"
          aria-invalid={errors?.length ? true : undefined}
          aria-describedby={errors?.length ? `${id}-error` : undefined}
        />
        {OVERDUE_CONFIRMATION_LABEL}
      </label>
      {errors?.length ? (
        <ul id={`${id}-error`} className="space-y-0.5 text-sm text-red-700">
          {errors.map((e) => <li key={e}>{e}</li>)}
        </ul>
      ) : null}
    </div>
  );
}
