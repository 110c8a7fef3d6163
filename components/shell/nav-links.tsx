"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

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
              // .nav-link styles the current page by its aria-current (app/globals.css).
              className="nav-link"
            >
              {item.label}
              {item.count ? " " : null}
              {item.count ? (
                <span className="nav-count">
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
