"use client";

import { type ComponentProps, type ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import { useFieldErrors, useFieldId, useRegisterField } from "./action-form";


function FieldShell({ id, label, hint, errors, children, className }: { id: string; label: string; hint?: ReactNode; errors?: string[]; children: ReactNode; className?: string }) {
  return (
    <div className={cn("space-y-1", className)}>
      <label htmlFor={id} className="field-label">{label}</label>
      {children}
      {hint ? <p id={`${id}-hint`} className="text-xs text-slate-500">{hint}</p> : null}
      {errors?.length ? (
        <ul id={`${id}-error`} className="space-y-0.5 text-sm text-red-700">
          {errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function describedBy(id: string, hint: unknown, errors?: string[]) {
  return [hint ? `${id}-hint` : null, errors?.length ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
}

export function TextField({ name, label, hint, className, ...props }: ComponentProps<"input"> & { name: string; label: string; hint?: ReactNode }) {
  const id = useFieldId(name);
  useRegisterField(name, label);
  const errors = useFieldErrors()[name];
  return (
    <FieldShell id={id} label={label} hint={hint} errors={errors} className={className}>
      <input
        id={id}
        name={name}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(id, hint, errors)}
        className={errors?.length ? "control control-invalid" : "control"}
        {...props}
      />
    </FieldShell>
  );
}

export type Option = { value: string; label: string; disabled?: boolean };

export function SelectField({ name, label, hint, options, placeholder, className, ...props }: ComponentProps<"select"> & { name: string; label: string; hint?: ReactNode; options: Option[]; placeholder?: string }) {
  const id = useFieldId(name);
  useRegisterField(name, label);
  const errors = useFieldErrors()[name];
  return (
    <FieldShell id={id} label={label} hint={hint} errors={errors} className={className}>
      <select
        id={id}
        name={name}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(id, hint, errors)}
        className={errors?.length ? "control control-invalid" : "control"}
        {...props}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value} disabled={o.disabled}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

/**
 * The errors of a field drawn by hand (a group of checkboxes or radios, a hidden value). With a
 * `label`, the form's error summary links to it: focus goes to its first control.
 */
export function FormErrorFor({ name, label }: { name: string; label?: string }) {
  const errors = useFieldErrors()[name];
  const id = useFieldId(name);
  useRegisterField(name, label);
  if (!errors?.length) return null;
  return <p id={`${id}-error`} className="text-sm text-red-700">{errors.join(" ")}</p>;
}
