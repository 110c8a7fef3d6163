import type { Role } from "@/lib/permissions";

// The demo company. Every account shares one password, shown on the sign-in page in demo
// mode only; production mode never seeds and has no default password.
export const DEMO_PASSWORD = "throughline-demo";
export const DEMO_EMAIL_DOMAIN = "demo.throughline.test";

export const DEMO_DEPARTMENTS = ["Marketing", "Sales", "Fulfilment", "Customer Service", "Finance"] as const;
export type DemoDepartment = (typeof DEMO_DEPARTMENTS)[number];

export type DemoUser = { key: string; name: string; role: Role; department?: DemoDepartment; headOf?: DemoDepartment };

export const DEMO_USERS: DemoUser[] = [
  { key: "admin", name: "Ada Admin", role: "admin" },
  { key: "cco", name: "Chloe Carter", role: "cco" },
  { key: "exec", name: "Evan Ellis", role: "executive" },
  { key: "marketing.head", name: "Maya Moreno", role: "head", department: "Marketing", headOf: "Marketing" },
  { key: "sales.head", name: "Sam Singh", role: "head", department: "Sales", headOf: "Sales" },
  { key: "fulfilment.head", name: "Felix Ford", role: "head", department: "Fulfilment", headOf: "Fulfilment" },
  { key: "service.head", name: "Sofia Silva", role: "head", department: "Customer Service", headOf: "Customer Service" },
  { key: "finance.head", name: "Farah Fischer", role: "head", department: "Finance", headOf: "Finance" },
  { key: "service.member", name: "Milo Martin", role: "member", department: "Customer Service" },
  { key: "sales.member", name: "Sara Stone", role: "member", department: "Sales" },
];

export const demoEmail = (key: string) => `${key}@${DEMO_EMAIL_DOMAIN}`;
