"use client";

import dynamic from "next/dynamic";
import { useRef, useState, type ReactNode } from "react";
import { Button } from "./button";
import type { SidePanelDialogProps } from "./side-panel-dialog";

/**
 * The dialog itself (Radix, ~12 KB gzipped) is fetched when a panel is first opened, not with
 * the page: a page that offers edits in panels ships only their buttons.
 */
export const LazySidePanel = dynamic<SidePanelDialogProps>(() => import("./side-panel-dialog"), { ssr: false });

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
  const [open, setOpen] = useState(false);
  // Mounted from the first opening on, so closing it plays out inside the dialog (focus goes back to this button).
  const [used, setUsed] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  return (
    <>
      <Button
        ref={button}
        type="button"
        variant={variant}
        size="sm"
        aria-haspopup="dialog"
        aria-expanded={open}
        onClick={() => {
          setUsed(true);
          setOpen(true);
        }}
      >
        {label}
      </Button>
      {used ? (
        <LazySidePanel open={open} onOpenChange={setOpen} title={title} description={description} returnFocus={() => button.current?.focus()}>
          {children}
        </LazySidePanel>
      ) : null}
    </>
  );
}
