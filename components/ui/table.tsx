import type { ComponentProps } from "react";
import { cn } from "./cn";

export function Table({ className, caption, children, ...props }: ComponentProps<"table"> & { caption: string }) {
  // relative: the sr-only caption and cell labels are absolutely placed; without a positioned
  // box here they escape the scroll box and widen the whole page on a phone.
  return (
    <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
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
