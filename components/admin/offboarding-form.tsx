"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ActionForm, type FormAction } from "@/components/forms/action-form";
import { SelectField, TextField } from "@/components/forms/fields";
import { Alert } from "@/components/ui/alert";
import type { OffboardingResult } from "@/lib/offboarding/commands";
import type { OffboardingItem, OffboardingPreview, SuccessorOptions } from "@/lib/offboarding/queries";
import { CHOICE_PREFIX } from "@/lib/offboarding/choice";

const KIND_HEADINGS = { stage: "Stages", goal: "Open goals", handoff: "Pending handoffs", dispute: "Open disputes" } as const;

/**
 * The admin's last step before a deactivation or an archive: everything the person or
 * department owns, a successor (or "leave flagged") for each, and exactly what stays flagged.
 */
export function OffboardingForm({
  preview,
  options,
  action,
  verb,
  backHref,
}: {
  preview: OffboardingPreview;
  options: SuccessorOptions;
  action: FormAction<OffboardingResult>;
  verb: "Deactivate" | "Archive";
  backHref: string;
}) {
  const router = useRouter();
  const [done, setDone] = useState<{ message: string; result: OffboardingResult } | null>(null);
  const [choices, setChoices] = useState<Record<string, string>>({});

  // A refusal as `stale` means the list changed under the admin: fetch the fresh preview (and
  // its fingerprint) so the next confirmation is about what is there now.
  const submit: FormAction<OffboardingResult> = async (prev, form) => {
    const result = await action(prev, form);
    if (result.ok) setDone({ message: result.message ?? "Done.", result: result.data });
    else if (result.code === "stale") router.refresh();
    return result;
  };

  if (done) {
    return (
      <div className="space-y-3">
        {/* The success message itself is the page's banner (the form that sent it is gone). */}
        {done.result.flagged.length ? (
          <div>
            <p className="text-sm font-medium text-slate-800">Left flagged:</p>
            <ul className="list-disc pl-5 text-sm text-slate-700">
              {done.result.flagged.map((f) => (
                <li key={f}>{f}</li>
              ))}
            </ul>
          </div>
        ) : null}
        <Link href={backHref} className="text-sm text-brand-700 underline">Back</Link>
      </div>
    );
  }
  if (!preview.subject.live) {
    return <Alert tone="info">{preview.subject.name} is already {verb === "Deactivate" ? "deactivated" : "archived"}.</Alert>;
  }

  // A stage handed to another department takes its open goals and pending offer along
  // (the goals to the stage's new accountable person): those are not left flagged.
  const followsStage = (i: OffboardingItem) => {
    if (i.kind !== "goal" && i.kind !== "handoff") return false;
    const stage = preview.items.find((s) => s.kind === "stage" && s.stageId === i.stageId && s.successor === "person");
    const to = stage ? options.people.find((p) => p.id === choices[stage.key]) : undefined;
    return stage?.kind === "stage" && to !== undefined && to.departmentId !== stage.departmentId;
  };
  const flagged = preview.items.filter((i) => !choices[i.key] && !followsStage(i));
  const optionsFor = (item: OffboardingItem) =>
    item.successor === "person"
      ? options.people.map((p) => ({ value: p.id, label: `${p.name} (${p.departmentName})` }))
      : options.departments.map((d) => ({ value: d.id, label: d.name }));

  return (
    <ActionForm
      action={submit}
      submitLabel={`${verb} ${preview.subject.name}`}
      submitVariant="danger"
      pendingLabel="Saving…"
      aria-label={`${verb} ${preview.subject.name}`}
      onValuesChange={(values) => {
        const next: Record<string, string> = {};
        for (const [k, v] of Object.entries(values)) if (k.startsWith(CHOICE_PREFIX) && typeof v === "string") next[k.slice(CHOICE_PREFIX.length)] = v;
        setChoices(next);
      }}
    >
      <input type="hidden" name="subjectKind" value={preview.subject.kind} />
      <input type="hidden" name="subjectId" value={preview.subject.id} />
      <input type="hidden" name="fingerprint" value={preview.fingerprint} />
      {preview.items.length === 0 ? <p className="text-sm text-slate-700">{preview.subject.name} owns nothing that needs a successor.</p> : null}
      {(["stage", "goal", "handoff", "dispute"] as const).map((kind) => {
        const items = preview.items.filter((i) => i.kind === kind);
        if (!items.length) return null;
        return (
          <fieldset key={kind} className="space-y-3">
            <legend className="text-base font-semibold text-slate-900">
              {KIND_HEADINGS[kind]} ({items.length})
            </legend>
            <ul className="space-y-3">
              {items.map((item) => (
                <li key={item.key} className="rounded-md border border-slate-200 p-3">
                  <p className="text-sm font-medium text-slate-900">
                    <Link href={item.link} className="underline">{item.label}</Link>
                  </p>
                  <p className="text-xs text-slate-600">{item.detail}</p>
                  {followsStage(item) ? (
                    <p className="mt-2 text-xs text-slate-600">Follows its stage to the stage's successor.</p>
                  ) : null}
                  {item.successor ? (
                    <SelectField
                      name={`${CHOICE_PREFIX}${item.key}`}
                      label={`Successor for ${item.label}`}
                      placeholder="Leave flagged"
                      options={optionsFor(item)}
                      defaultValue=""
                      className="mt-2"
                      hint={`Left flagged, it ${item.flaggedMeans}.`}
                    />
                  ) : (
                    <p className="mt-2 text-xs text-slate-600">No successor applies; it {item.flaggedMeans}.</p>
                  )}
                </li>
              ))}
            </ul>
          </fieldset>
        );
      })}
      <section aria-label="What will be flagged" className="rounded-md bg-amber-50 p-3">
        {flagged.length ? (
          <>
            <p className="text-sm font-medium text-slate-900">
              {flagged.length} {flagged.length === 1 ? "item" : "items"} will be left flagged (orphaned):
            </p>
            <ul className="list-disc pl-5 text-sm text-slate-700">
              {flagged.map((i) => (
                <li key={i.key}>
                  {i.label}: {i.flaggedMeans}
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p className="text-sm text-slate-900">Nothing will be left flagged.</p>
        )}
      </section>
      <TextField name="reason" label="Reason (optional)" maxLength={500} hint="Kept in the audit log." />
    </ActionForm>
  );
}
