"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";

export function NavLinks({ items }: { items: { href: string; label: string; count?: number | null; countNoun?: string }[] }) {
  const pathname = usePathname();
  return (
    <ul className="flex flex-col gap-1 md:flex-row md:flex-wrap">
      {items.map((item) => {
        const section = "/" + item.href.split("/")[1];
        const active = pathname === item.href || pathname.startsWith(section + "/") || pathname === section;
        return (
          <li key={item.href}>
            <Link
              href={item.href}
              aria-current={active ? "page" : undefined}
              className={cn(
                "block rounded-md px-3 py-1.5 text-sm font-medium",
                active ? "bg-brand-50 text-brand-800 underline decoration-2 underline-offset-4" : "text-slate-700 hover:bg-slate-100",
              )}
            >
              {item.label}
              {item.count ? " " : null}
              {item.count ? (
                <span className="ml-1.5 inline-flex min-w-5 justify-center rounded-full bg-brand-700 px-1.5 text-xs font-semibold text-white">
                  {item.count}
                  <span className="sr-only"> {item.countNoun ?? "open"}</span>
                </span>
              ) : null}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
