import Link from "next/link";
import type { ComponentProps } from "react";
import { cn } from "./cn";

type Variant = "primary" | "secondary" | "danger" | "ghost";
type Size = "sm" | "md";

// Component classes (app/globals.css: .btn, .btn-<variant>, .btn-<size>): a page with twenty
// buttons carries three short words each instead of the utility list, in its HTML and payload.
export function buttonClass(variant: Variant = "primary", size: Size = "md", extra?: string) {
  return cn("btn", `btn-${variant}`, `btn-${size}`, extra);
}

export function Button({
  variant = "primary",
  size = "md",
  className,
  type = "button",
  ...props
}: ComponentProps<"button"> & { variant?: Variant; size?: Size }) {
  return <button type={type} className={buttonClass(variant, size, className)} {...props} />;
}

export function LinkButton({
  variant = "secondary",
  size = "md",
  className,
  ...props
}: ComponentProps<typeof Link> & { variant?: Variant; size?: Size }) {
  return <Link className={buttonClass(variant, size, className)} {...props} />;
}
