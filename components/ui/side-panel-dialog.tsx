"use client";

import * as Dialog from "@radix-ui/react-dialog";
import type { ReactNode } from "react";
import { Button } from "./button";

export type SidePanelDialogProps = {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: ReactNode;
  description?: ReactNode;
  children: ReactNode;
  /** Where focus goes back when the panel closes (the button that opened it). */
  returnFocus?: () => void;
};

/**
 * The panel that slides in from the right for editing (a Radix dialog: focus is trapped inside
 * and given back to what had it, Escape closes it, the rest of the page is inert). Loaded only
 * when a page first opens a panel (see side-panel.tsx), so no page ships it up front.
 */
export default function SidePanelDialog({ open, onOpenChange, title, description, children, returnFocus }: SidePanelDialogProps) {
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/30" />
        <Dialog.Content
          className="fixed inset-y-0 right-0 z-50 w-full max-w-lg overflow-y-auto bg-white p-5 shadow-xl focus:outline-none"
          // Without a description Radix must be told there is none; with one it links it itself.
          {...(description ? {} : { "aria-describedby": undefined })}
          // The panel is opened by a plain button (the dialog's code loads on first use), so Radix
          // has no trigger to give focus back to: the opener says where it goes.
          onCloseAutoFocus={(e) => {
            if (!returnFocus) return;
            e.preventDefault();
            returnFocus();
          }}
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
    </Dialog.Root>
  );
}
