"use client";

import { createContext, useActionState, useContext, useState, type ReactNode } from "react";
import { useFormStatus } from "react-dom";
import type { z } from "zod";
import type { ActionResult } from "@/lib/actions";
import type { FieldErrors } from "@/lib/errors";
import { formDataToObject, zodFieldErrors } from "@/lib/validation";
import { FailureNextStep } from "@/components/forms/failure-next-step";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";

export type FormAction<T> = (prev: unknown, form: FormData) => Promise<ActionResult<T>>;

const FieldErrorsContext = createContext<FieldErrors>({});
export const useFieldErrors = () => useContext(FieldErrorsContext);

type Props<T> = {
  action: FormAction<T>;
  /** The same zod schema the server uses: instant feedback before the round trip. */
  schema?: z.ZodType;
  children: ReactNode;
  submitLabel: string;
  pendingLabel?: string;
  submitVariant?: "primary" | "secondary" | "danger";
  className?: string;
  /** Rendered after a successful submit, e.g. a generated link. */
  renderSuccess?: (data: T) => ReactNode;
  /** Accessible name of the form. */
  "aria-label"?: string;
  inline?: boolean;
  /** Called with the form's current values whenever a field changes (e.g. for a live check). */
  onValuesChange?: (values: Record<string, unknown>) => void;
  /** Offer the next step a refusal's code suggests (reload, sign in again); the sign-in form itself does not. */
  offerNextStep?: boolean;
};

/**
 * A form bound to a server action. Validates on the client with the shared schema, shows
 * every field error next to its field and a summary above, disables itself while saving.
 * The server stays the authority: its field errors replace the client's.
 */
export function ActionForm<T>({
  action,
  schema,
  children,
  submitLabel,
  pendingLabel = "Saving…",
  submitVariant = "primary",
  className,
  renderSuccess,
  inline,
  onValuesChange,
  offerNextStep = true,
  ...aria
}: Props<T>) {
  const [state, formAction] = useActionState<ActionResult<T> | null, FormData>(action, null);
  const [clientErrors, setClientErrors] = useState<FieldErrors | null>(null);
  const [submittedAt, setSubmittedAt] = useState(0);

  const errors = clientErrors ?? (state && !state.ok ? state.fieldErrors : {});
  const summary = clientErrors ? "Please correct the highlighted fields." : state && !state.ok ? state.error : null;

  return (
    <FieldErrorsContext.Provider value={errors}>
      <form
        aria-label={aria["aria-label"]}
        noValidate
        className={cn(inline ? "flex flex-wrap items-end gap-3" : "space-y-4", className)}
        action={formAction}
        onChange={onValuesChange ? (e) => onValuesChange(formDataToObject(new FormData(e.currentTarget))) : undefined}
        onSubmit={(e) => {
          if (!schema) {
            setClientErrors(null);
            setSubmittedAt(Date.now());
            return;
          }
          const result = schema.safeParse(formDataToObject(new FormData(e.currentTarget)));
          if (!result.success) {
            e.preventDefault();
            setClientErrors(zodFieldErrors(result.error));
            return;
          }
          setClientErrors(null);
          setSubmittedAt(Date.now());
        }}
      >
        {summary ? (
          <Alert tone="error" className={inline ? "w-full" : undefined}>
            {summary}
            {offerNextStep && !clientErrors && state && !state.ok ? <FailureNextStep failure={state} /> : null}
          </Alert>
        ) : null}
        {children}
        <SubmitButton label={submitLabel} pendingLabel={pendingLabel} variant={submitVariant} />
        {state?.ok && submittedAt > 0 ? (
          <div className={inline ? "w-full" : undefined}>
            {state.message ? <Alert tone="success">{state.message}</Alert> : null}
            {renderSuccess ? renderSuccess(state.data) : null}
          </div>
        ) : null}
      </form>
    </FieldErrorsContext.Provider>
  );
}

function SubmitButton({ label, pendingLabel, variant }: { label: string; pendingLabel: string; variant: "primary" | "secondary" | "danger" }) {
  const { pending } = useFormStatus();
  return (
    <Button type="submit" variant={variant} disabled={pending} aria-disabled={pending}>
      {pending ? pendingLabel : label}
    </Button>
  );
}
