import type { ReactNode } from "react";
import { cn } from "./cn";

export function Alert({ tone, children, className }: { tone: "error" | "success" | "info"; children: ReactNode; className?: string }) {
  const styles = {
    error: "border-red-300 bg-red-50 text-red-900",
    success: "border-emerald-300 bg-emerald-50 text-emerald-900",
    info: "border-brand-100 bg-brand-50 text-brand-800",
  }[tone];
  return (
    <div role={tone === "error" ? "alert" : "status"} className={cn("rounded-md border px-3 py-2 text-sm", styles, className)}>
      {children}
    </div>
  );
}
