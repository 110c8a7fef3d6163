"use client";

import { createContext, useCallback, useContext, useEffect, useId, useMemo, useRef, useState, type ReactNode } from "react";
import { useFormStatus } from "react-dom";
import type { ActionFailure, ActionResult } from "@/lib/actions";
import type { FieldErrors } from "@/lib/errors";
import { formDataToObject } from "@/lib/form-data";
import { FailureNextStep } from "@/components/forms/failure-next-step";
import { formDataOf, useSubmission, type FormAction } from "@/components/forms/submission";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";

export type { FormAction } from "@/components/forms/submission";

const FieldErrorsContext = createContext<FieldErrors>({});
export const useFieldErrors = () => useContext(FieldErrorsContext);

// ── Fields know their form: a stable id per field name, and a label for the error summary ──

type FieldInfo = { label: string };
type FormFields = { formId: string; register: (name: string, info: FieldInfo) => () => void };
const FormFieldsContext = createContext<FormFields | null>(null);

/** The id of a field's control: `<form id>-<name>` inside an ActionForm, so the summary can link to it. */
export function fieldId(formId: string, name: string): string {
  return `${formId}-${name.replace(/[^A-Za-z0-9_-]/g, "_")}`;
}

/** The id of the control named `name` (a generated id outside an ActionForm). */
export function useFieldId(name: string): string {
  const form = useContext(FormFieldsContext);
  const fallback = useId();
  return form ? fieldId(form.formId, name) : fallback;
}

/** Tells the form's error summary what to call the field `name` when it links to it. */
export function useRegisterField(name: string, label: string | undefined) {
  const form = useContext(FormFieldsContext);
  useEffect(() => (form && label ? form.register(name, { label }) : undefined), [form, name, label]);
}

type Props<T> = {
  action: FormAction<T>;
  children: ReactNode;
  submitLabel: string;
  pendingLabel?: string;
  submitVariant?: "primary" | "secondary" | "danger";
  className?: string;
  /** Rendered after a successful submit, e.g. a generated link. */
  renderSuccess?: (data: T) => ReactNode;
  /** Rendered inside the form with the latest refusal (null when none), e.g. a confirmation it asks for. */
  renderFailure?: (failure: ActionFailure | null) => ReactNode;
  /** Accessible name of the form. */
  "aria-label"?: string;
  inline?: boolean;
  /** Called with the form's current values whenever a field changes (e.g. for a live check). */
  onValuesChange?: (values: Record<string, unknown>) => void;
  /**
   * Empty the form after a successful submit (default: a create form, ready for the next one).
   * Edit forms pass false: what the person saved stays in the fields.
   */
  resetOnSuccess?: boolean;
};

/**
 * A form bound to a server action. The server validates (its zod schema answers with every
 * field error at once); the browser holds no schema, so zod never ships to it (docs/decisions).
 * Sends through a transition so a refusal never resets what the person typed (React resets a form
 * whose `action` prop completes). On a refusal, focus moves to the error summary, which links
 * every field error to its field; each field shows its own errors too. The server stays the
 * authority: its field errors replace the client's. One outcome at a time: a success and an
 * error are never shown together, and a success stays until the next submit.
 */
export function ActionForm<T>({
  action,
  children,
  submitLabel,
  pendingLabel = "Saving…",
  submitVariant = "primary",
  className,
  renderSuccess,
  renderFailure,
  inline,
  onValuesChange,
  resetOnSuccess = true,
  ...aria
}: Props<T>) {
  const { owner, outcome, pending, attempt, submit, formAction } = useSubmission(action, { resetOnSuccess });
  const formRef = useRef<HTMLFormElement>(null);
  const summaryRef = useRef<HTMLDivElement>(null);

  const [labels, setLabels] = useState<Record<string, FieldInfo>>({});
  const register = useCallback((name: string, info: FieldInfo) => {
    setLabels((l) => (l[name]?.label === info.label ? l : { ...l, [name]: info }));
    return () =>
      setLabels((l) => {
        if (!(name in l)) return l;
        const next = { ...l };
        delete next[name];
        return next;
      });
  }, []);
  const formId = `form${owner.replace(/[^A-Za-z0-9_-]/g, "")}`;
  const fields = useMemo(() => ({ formId, register }), [formId, register]);

  const result: ActionResult<T> | null = outcome?.kind === "server" ? outcome.result : null;
  const failure = outcome?.kind === "client" ? outcome : result && !result.ok ? result : null;
  const errors: FieldErrors = failure ? failure.fieldErrors : {};
  const success = result?.ok ? result : null;

  // A refusal moves focus to the summary, so keyboard and screen-reader users start there.
  useEffect(() => {
    if (attempt > 0 && failure) summaryRef.current?.focus();
    // Only a new outcome moves focus, never a re-render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [attempt]);

  // After a reset, a live check (onValuesChange) must see the emptied fields.
  useEffect(() => {
    if (success && onValuesChange && formRef.current) onValuesChange(formDataToObject(new FormData(formRef.current)));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [attempt]);

  return (
    <FormFieldsContext.Provider value={fields}>
      <FieldErrorsContext.Provider value={errors}>
        <form
          ref={formRef}
          aria-label={aria["aria-label"]}
          noValidate
          className={cn(inline ? "flex flex-wrap items-end gap-3" : "space-y-4", className)}
          action={formAction}
          onChange={onValuesChange ? (e) => onValuesChange(formDataToObject(new FormData(e.currentTarget))) : undefined}
          onSubmit={(e) => {
            e.preventDefault();
            submit(e.currentTarget, formDataOf(e));
          }}
        >
          {failure ? (
            <ErrorSummary
              ref={summaryRef}
              formId={formId}
              labels={labels}
              failure={failure}
              inline={inline}
              form={formRef}
            />
          ) : null}
          {children}
          {renderFailure ? renderFailure(failure && "code" in failure ? failure : null) : null}
          <SubmitButton label={submitLabel} pendingLabel={pendingLabel} variant={submitVariant} pending={pending} />
          {success ? (
            <div className={inline ? "w-full" : undefined}>
              {success.message ? <Alert tone="success">{success.message}</Alert> : null}
              {renderSuccess ? renderSuccess(success.data) : null}
            </div>
          ) : null}
        </form>
      </FieldErrorsContext.Provider>
    </FormFieldsContext.Provider>
  );
}

type Failure = { error: string; fieldErrors: FieldErrors; code?: ActionFailure["code"] };

/**
 * The refusal's sentence, then every field error as a link that moves focus to its field
 * (errors on fields the page does not show, like a hidden id, are listed as text).
 */
function ErrorSummary({
  ref,
  formId,
  labels,
  failure,
  inline,
  form,
}: {
  ref: React.Ref<HTMLDivElement>;
  formId: string;
  labels: Record<string, FieldInfo>;
  failure: Failure;
  inline?: boolean;
  form: React.RefObject<HTMLFormElement | null>;
}) {
  const items = Object.entries(failure.fieldErrors).flatMap(([name, messages]) => messages.map((message, i) => ({ key: `${name}-${i}`, name, message })));
  const focusField = (name: string) => {
    const byId = document.getElementById(fieldId(formId, name));
    const target =
      byId && !(byId instanceof HTMLInputElement && byId.type === "hidden")
        ? byId
        : (form.current?.querySelector<HTMLElement>(`[name="${CSS.escape(name)}"]:not([type="hidden"])`) ?? null);
    target?.focus();
  };
  return (
    <div ref={ref} tabIndex={-1} role="group" aria-label="There is a problem" className={cn("space-y-2 rounded-md outline-none focus:ring-2 focus:ring-red-600/40", inline ? "w-full" : undefined)}>
      <Alert tone="error">
        {failure.error}
        {"code" in failure && failure.code ? <FailureNextStep failure={failure as ActionFailure} /> : null}
      </Alert>
      {items.length ? (
        <ul aria-label="Fields to correct" className="list-disc space-y-1 pl-5 text-sm text-red-800">
          {items.map(({ key, name, message }) => {
            const label = labels[name]?.label;
            return (
              <li key={key}>
                {label ? (
                  <a
                    href={`#${fieldId(formId, name)}`}
                    className="inline-block min-h-6 py-0.5 underline"
                    onClick={(e) => {
                      e.preventDefault();
                      focusField(name);
                    }}
                  >
                    {label}: {message}
                  </a>
                ) : (
                  message
                )}
              </li>
            );
          })}
        </ul>
      ) : null}
    </div>
  );
}

function SubmitButton({ label, pendingLabel, variant, pending: sending }: { label: string; pendingLabel: string; variant: "primary" | "secondary" | "danger"; pending: boolean }) {
  const { pending: posting } = useFormStatus();
  const pending = sending || posting;
  return (
    <Button type="submit" variant={variant} disabled={pending} aria-disabled={pending}>
      {pending ? pendingLabel : label}
    </Button>
  );
}
