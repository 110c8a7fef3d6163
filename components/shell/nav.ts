import { can, type Capability, type Role } from "@/lib/permissions";

/** `countNoun`: what the number beside the item counts, for screen readers ("3 waiting"). */
export type NavItem = { href: string; label: string; capability: Capability; countNoun?: string };

export const NAV_ITEMS: NavItem[] = [
  { href: "/dashboard", label: "Dashboard", capability: "app.view" },
  { href: "/my-work", label: "My work", capability: "work.view", countNoun: "waiting" },
  { href: "/journeys", label: "Journeys", capability: "app.view" },
  { href: "/goals", label: "Goals", capability: "app.view" },
  { href: "/follow-ups", label: "Follow-ups", capability: "app.view", countNoun: "open" },
  { href: "/disputes", label: "Disputes", capability: "app.view" },
  { href: "/decisions", label: "Decisions", capability: "app.view" },
  { href: "/audit", label: "Audit log", capability: "audit.read" },
  { href: "/admin/users", label: "Admin", capability: "users.manage" },
];

export const navFor = (role: Role) => NAV_ITEMS.filter((i) => can(role, i.capability));
