"use client";

import { type ComponentProps, type ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import { useFieldErrors, useFieldId, useRegisterField } from "./action-form";

export function TextAreaField({ name, label, hint, className, ...props }: ComponentProps<"textarea"> & { name: string; label: string; hint?: ReactNode }) {
  const id = useFieldId(name);
  useRegisterField(name, label);
  const errors = useFieldErrors()[name];
  const describedBy = [hint ? `${id}-hint` : null, errors?.length ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={cn("space-y-1", className)}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">{label}</label>
      <textarea
        id={id}
        name={name}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy}
        className={cn(
          "block w-full rounded-md border bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-600/30",
          errors?.length ? "border-red-500" : "border-slate-300",
        )}
        {...props}
      />
      {hint ? <p id={`${id}-hint`} className="text-xs text-slate-500">{hint}</p> : null}
      {errors?.length ? (
        <ul id={`${id}-error`} className="space-y-0.5 text-sm text-red-700">
          {errors.map((e) => <li key={e}>{e}</li>)}
        </ul>
      ) : null}
    </div>
  );
}
