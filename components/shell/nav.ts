import { can, type Capability, type Role } from "@/lib/permissions";

export type NavItem = { href: string; label: string; capability: Capability };

export const NAV_ITEMS: NavItem[] = [
  { href: "/dashboard", label: "Dashboard", capability: "app.view" },
  { href: "/journeys", label: "Journeys", capability: "app.view" },
  { href: "/goals", label: "Goals", capability: "app.view" },
  { href: "/follow-ups", label: "Follow-ups", capability: "app.view" },
  { href: "/disputes", label: "Disputes", capability: "app.view" },
  { href: "/decisions", label: "Decisions", capability: "app.view" },
  { href: "/audit", label: "Audit log", capability: "audit.read" },
  { href: "/admin/users", label: "Admin", capability: "users.manage" },
];

export const navFor = (role: Role) => NAV_ITEMS.filter((i) => can(role, i.capability));
