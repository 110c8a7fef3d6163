"use client";

import * as Dialog from "@radix-ui/react-dialog";
import type { ReactNode } from "react";
import { Button } from "./button";

/**
 * The panel that slides in from the right for editing (Radix dialog: focus is trapped and
 * returned to the trigger, Escape closes it, the rest of the page is inert). Its content is
 * built only while it is open, so a page carries no hidden forms in its HTML.
 */
export function SidePanelContent({ title, description, children }: { title: ReactNode; description?: ReactNode; children: ReactNode }) {
  return (
    <Dialog.Portal>
      <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/30" />
      <Dialog.Content
        className="fixed inset-y-0 right-0 z-50 w-full max-w-lg overflow-y-auto bg-white p-5 shadow-xl focus:outline-none"
        // Without a description Radix must be told there is none; with one it links it itself.
        {...(description ? {} : { "aria-describedby": undefined })}
      >
        <div className="mb-5 flex items-start justify-between gap-3">
          <div>
            <Dialog.Title className="text-lg font-semibold">{title}</Dialog.Title>
            {description ? <Dialog.Description className="text-sm text-slate-600">{description}</Dialog.Description> : null}
          </div>
          <Dialog.Close asChild>
            <Button type="button" variant="secondary" size="sm">Close</Button>
          </Dialog.Close>
        </div>
        {children}
      </Dialog.Content>
    </Dialog.Portal>
  );
}

/** A button that opens a side panel: the way a full page offers an edit without carrying its form. */
export function SidePanel({
  label,
  title,
  description,
  variant = "secondary",
  children,
}: {
  label: string;
  title: ReactNode;
  description?: ReactNode;
  variant?: "primary" | "secondary" | "danger";
  children: ReactNode;
}) {
  return (
    <Dialog.Root>
      <Dialog.Trigger asChild>
        <Button type="button" variant={variant} size="sm">{label}</Button>
      </Dialog.Trigger>
      <SidePanelContent title={title} description={description}>{children}</SidePanelContent>
    </Dialog.Root>
  );
}
