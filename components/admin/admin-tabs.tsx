import Link from "next/link";
import { cn } from "@/components/ui/cn";

const TABS = [
  { href: "/admin/users", label: "Users" },
  { href: "/admin/departments", label: "Departments" },
  { href: "/admin/settings", label: "Settings" },
  { href: "/admin/api-tokens", label: "API tokens" },
  { href: "/admin/webhooks", label: "Webhooks" },
];

export function AdminTabs({ current }: { current: string }) {
  return (
    <nav aria-label="Admin sections" className="mb-6 border-b border-slate-200">
      {/* Five tabs do not fit a 390 px phone on one line: they wrap. */}
      <ul className="flex flex-wrap gap-x-4 gap-y-1">
        {TABS.map((t) => (
          <li key={t.href}>
            <Link
              href={t.href}
              aria-current={current === t.href ? "page" : undefined}
              className={cn("-mb-px inline-block border-b-2 px-1 pb-2 text-sm font-medium", current === t.href ? "border-brand-600 text-brand-800" : "border-transparent text-slate-600 hover:text-slate-900")}
            >
              {t.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
