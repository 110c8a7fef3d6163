"use client";

import { useEffect, useState } from "react";
import { ActionForm, type FormAction } from "@/components/forms/action-form";
import { SelectField, TextField } from "@/components/forms/fields";
import { TextAreaField } from "@/components/forms/textarea-field";
import { JOURNEY_CSV_COLUMNS } from "@/lib/journeys/structure-format";
import { JOURNEY_TEMPLATES } from "@/lib/journeys/templates";
import type { ImportPreview } from "@/lib/journeys/structure-import";

const openLink = (d: { journeyId: string }) => (
  <a className="text-sm font-medium text-brand-700 underline" href={`/journeys/${d.journeyId}`}>Open the new journey</a>
);

export function TemplateJourneyForm({ action }: { action: FormAction<{ journeyId: string }> }) {
  const [templateId, setTemplateId] = useState(JOURNEY_TEMPLATES[0]!.id);
  const template = JOURNEY_TEMPLATES.find((t) => t.id === templateId);
  return (
    <ActionForm action={action} submitLabel="Create from template" aria-label="Start from a template" renderSuccess={openLink}>
      <SelectField
        name="templateId"
        label="Template"
        value={templateId}
        onChange={(e) => setTemplateId(e.target.value)}
        options={JOURNEY_TEMPLATES.map((t) => ({ value: t.id, label: t.name }))}
      />
      {template ? (
        <div className="rounded-md bg-slate-50 p-3 text-sm">
          <p className="text-slate-700">{template.description}</p>
          <ol className="mt-2 list-decimal space-y-0.5 pl-5 text-slate-600" aria-label={`Stages of ${template.name}`}>
            {template.stages.map((s) => <li key={s.name}>{s.name}</li>)}
          </ol>
        </div>
      ) : null}
      {/* key: a new template proposes its own name and segment. */}
      <TextField key={`name-${templateId}`} name="name" label="Journey name" maxLength={120} defaultValue={template?.name} required />
      <TextField key={`segment-${templateId}`} name="segment" label="Customer segment or persona" maxLength={200} defaultValue={template?.segment} />
      <input type="hidden" name="description" value={template?.description ?? ""} />
      <SelectField name="status" label="Status" defaultValue="draft" options={[{ value: "draft", label: "Draft" }, { value: "active", label: "Active" }]} />
    </ActionForm>
  );
}

export function DuplicateJourneyForm({ action, journey }: { action: FormAction<{ journeyId: string; stages: number; owned: number }>; journey: { id: string; name: string } }) {
  return (
    <ActionForm
      action={action}
      submitLabel="Duplicate journey"
      aria-label="Duplicate journey"
      renderSuccess={(d) => (
        <p className="text-sm">
          {d.stages} stage{d.stages === 1 ? "" : "s"} copied{d.owned ? `, ${d.owned} with their owners` : ""}.{" "}
          <a className="font-medium text-brand-700 underline" href={`/journeys/${d.journeyId}`}>Open the copy</a>
        </p>
      )}
    >
      <input type="hidden" name="journeyId" value={journey.id} />
      <TextField name="name" label="Name of the copy" maxLength={120} defaultValue={`${journey.name} (copy)`.slice(0, 120)} required />
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" name="withOwners" value="on" className="mt-1" /> Copy each stage&apos;s current owner and R/C/I too (a stage that needs an owner is copied unowned)
      </label>
      <p className="text-xs text-slate-500">The copy is a draft. Goals, disputes and history stay with this journey.</p>
    </ActionForm>
  );
}

type ImportAnswer = { mode: "preview"; preview: ImportPreview } | { mode: "import"; journeys: number; stages: number; owners: number };

export function JourneyImportForm({ action }: { action: FormAction<ImportAnswer> }) {
  const [text, setText] = useState("");
  const [fileName, setFileName] = useState("");
  const [reading, setReading] = useState<string | null>(null);
  // The preview of exactly the text on screen; editing the text or choosing another file drops it.
  const [previewed, setPreviewed] = useState<{ preview: ImportPreview; csv: string } | null>(null);
  const edit = (csv: string) => {
    setText(csv);
    setPreviewed(null);
  };
  return (
    <div className="space-y-6">
    <ActionForm
      action={action}
      submitLabel="Preview"
      pendingLabel="Checking…"
      aria-label="Import journeys"
      resetOnSuccess={false}
      renderSuccess={(d) => (d.mode === "preview" ? <Lift value={d.preview} onValue={(preview) => setPreviewed({ preview, csv: text })} /> : null)}
    >
      <div className="space-y-1">
        <label htmlFor="journeys-file" className="block text-sm font-medium text-slate-800">CSV file</label>
        <input
          id="journeys-file"
          type="file"
          accept=".csv,text/csv"
          aria-describedby="journeys-file-hint"
          className="block text-sm"
          onChange={async (e) => {
            const file = e.target.files?.[0];
            if (!file) return;
            setReading(`Reading ${file.name}…`);
            setFileName(file.name);
            edit(await file.text());
            setReading(null);
          }}
        />
        <p id="journeys-file-hint" className="text-xs text-slate-500">
          {reading ?? "Or paste the rows below. Columns: "}
          {reading ? null : <code className="break-words">{JOURNEY_CSV_COLUMNS.join(", ")}</code>}
        </p>
      </div>
      <TextAreaField name="csv" label="CSV contents" rows={8} value={text} onChange={(e) => edit(e.target.value)} className="font-mono" />
      <input type="hidden" name="fileName" value={fileName} />
      <input type="hidden" name="mode" value="preview" />
    </ActionForm>
    {previewed && previewed.csv === text ? <PreviewResult preview={previewed.preview} csv={previewed.csv} fileName={fileName} action={action} /> : null}
    </div>
  );
}

const count = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;

/** Hands a form's answer to the page around it (whose own parts cannot sit inside the form). */
function Lift<T>({ value, onValue }: { value: T; onValue: (v: T) => void }) {
  useEffect(() => {
    onValue(value);
    // Only a new answer lifts.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);
  return null;
}

function PreviewResult({ preview, csv, fileName, action }: { preview: ImportPreview; csv: string; fileName: string; action: FormAction<ImportAnswer> }) {
  if (preview.errors.length) {
    return (
      <div className="space-y-2" role="region" aria-label="Problems in the file">
        <p className="text-sm font-medium text-red-800">
          {preview.errors.length === 1 ? "1 line has problems" : `${preview.errors.length} lines have problems`}; nothing can be imported until they are fixed.
        </p>
        <table className="w-full text-left text-sm">
          <thead><tr><th scope="col" className="pr-3">Line</th><th scope="col">Problems</th></tr></thead>
          <tbody>
            {preview.errors.map((e) => (
              <tr key={e.line} className="align-top">
                <td className="pr-3 font-mono">{e.line}</td>
                <td><ul className="list-disc pl-4">{e.messages.map((m) => <li key={m}>{m}</li>)}</ul></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }
  const stages = preview.journeys.reduce((n, j) => n + j.stages.length, 0);
  return (
    <div className="space-y-3" role="region" aria-label="Import preview">
      <p className="text-sm">
        {preview.rows} row{preview.rows === 1 ? "" : "s"} checked: {preview.journeys.length} journey{preview.journeys.length === 1 ? "" : "s"} and {stages} stage{stages === 1 ? "" : "s"} will be created.
      </p>
      {preview.journeys.map((j) => (
        <div key={j.name} className="rounded-md border border-slate-200 p-3">
          <p className="text-sm font-semibold">{j.name} <span className="font-normal text-slate-500">({j.status})</span></p>
          {j.stages.length ? (
            <ol className="mt-1 list-decimal space-y-0.5 pl-5 text-sm">
              {j.stages.map((s) => (
                <li key={s.position}>
                  {s.name}: {s.accountable ?? <em>no owner yet</em>}
                  {s.rci ? <span className="text-slate-500"> · {s.rci}</span> : null}
                </li>
              ))}
            </ol>
          ) : <p className="text-sm text-slate-500">No stages.</p>}
        </div>
      ))}
      <ActionForm
        action={action}
        submitLabel={`Import ${preview.journeys.length} journey${preview.journeys.length === 1 ? "" : "s"}`}
        pendingLabel="Importing…"
        aria-label="Confirm import"
        renderSuccess={(d) => (d.mode === "import" ? <p className="text-sm">Imported {count(d.journeys, "journey")}, {count(d.stages, "stage")} and {count(d.owners, "owner")}. <a className="font-medium text-brand-700 underline" href="/journeys">See the journeys</a></p> : null)}
      >
        <input type="hidden" name="csv" value={csv} />
        <input type="hidden" name="fileName" value={fileName} />
        <input type="hidden" name="mode" value="import" />
      </ActionForm>
    </div>
  );
}
