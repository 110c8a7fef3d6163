import type { ComponentProps } from "react";
import { cn } from "./cn";

/**
 * `scrolls`: the table is likely wider than its box (free text from a file, many columns) and has
 * nothing focusable inside, so its scroll box takes keyboard focus to be scrolled with the arrow
 * keys, named by the caption.
 */
export function Table({ className, caption, children, scrolls = false, ...props }: ComponentProps<"table"> & { caption: string; scrolls?: boolean }) {
  // relative: the sr-only caption and cell labels are absolutely placed; without a positioned
  // box here they escape the scroll box and widen the whole page on a phone.
  return (
    <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm" {...(scrolls ? { tabIndex: 0, role: "region", "aria-label": caption } : {})}>
      <table className={cn("min-w-full divide-y divide-slate-200 text-sm", className)} {...props}>
        <caption className="sr-only">{caption}</caption>
        {children}
      </table>
    </div>
  );
}
export const Th = ({ className, ...p }: ComponentProps<"th">) => (
  <th scope="col" className={cn("th", className)} {...p} />
);
export const Td = ({ className, ...p }: ComponentProps<"td">) => <td className={cn("td", className)} {...p} />;
