import type { DemoDepartment } from "./accounts";

type Raci = "responsible" | "consulted" | "informed";
export type DemoStage = {
  name: string;
  customerGoal: string;
  emotion: number | null;
  /** Accountable department and the demo account key of its accountable person. */
  owner?: { department: DemoDepartment; person: string; sinceDays: number; source: "assigned" | "claimed" | "handed_off" };
  /** An earlier owner, to make the "as of" view and the history worth looking at. */
  previousOwner?: { department: DemoDepartment; person: string; fromDays: number };
  others?: Partial<Record<DemoDepartment, Raci>>;
  pendingHandoffTo?: { department: DemoDepartment; note: string };
};

export type DemoJourney = { name: string; segment: string; description: string; status: "draft" | "active"; stages: DemoStage[] };

export const DEMO_JOURNEYS: DemoJourney[] = [
  {
    name: "From a friend's tip to a fan",
    segment: "Households referred by a friend",
    description: "A household hears about us from a friend, buys a home-energy kit, has it installed, gets help when needed and recommends us in turn.",
    status: "active",
    stages: [
      {
        name: "Hears about us from a friend",
        customerGoal: "Find out whether a friend's recommendation is worth following up",
        emotion: 1,
        owner: { department: "Marketing", person: "marketing.head", sinceDays: 120, source: "assigned" },
        others: { Sales: "informed" },
      },
      {
        name: "Reads our marketing",
        customerGoal: "Understand what we offer and what it costs",
        emotion: 0,
        owner: { department: "Marketing", person: "marketing.head", sinceDays: 120, source: "assigned" },
        others: { Sales: "consulted" },
      },
      {
        name: "First sales conversation",
        customerGoal: "Get honest advice on which kit fits their home",
        emotion: 1,
        owner: { department: "Sales", person: "sales.head", sinceDays: 110, source: "claimed" },
        others: { Marketing: "consulted" },
      },
      {
        name: "Purchase and payment",
        customerGoal: "Pay easily and know exactly what happens next",
        emotion: 0,
        owner: { department: "Sales", person: "sales.head", sinceDays: 110, source: "assigned" },
        others: { Finance: "responsible" },
        pendingHandoffTo: { department: "Finance", note: "Finance now runs payments and invoices end to end; it should own this moment." },
      },
      {
        name: "Delivery and installation",
        customerGoal: "Have the kit installed on the promised day without surprises",
        emotion: -1,
        previousOwner: { department: "Sales", person: "sales.head", fromDays: 120 },
        owner: { department: "Fulfilment", person: "fulfilment.head", sinceDays: 30, source: "handed_off" },
        others: { "Customer Service": "informed" },
      },
      {
        name: "Getting help",
        customerGoal: "Get a problem solved in one contact",
        emotion: -2,
        owner: { department: "Customer Service", person: "service.head", sinceDays: 100, source: "assigned" },
        others: { Fulfilment: "consulted" },
      },
      { name: "Recommends us to others", customerGoal: "Share a good experience with friends", emotion: 1 },
    ],
  },
  {
    name: "Business account renewal",
    segment: "Small-business accounts",
    description: "A small business approaches the end of its contract and decides whether to renew.",
    status: "draft",
    stages: [
      { name: "Renewal reminder", customerGoal: "Know in good time that the contract is ending", emotion: 0 },
      {
        name: "Invoice and billing questions",
        customerGoal: "Understand the bill and fix mistakes quickly",
        emotion: -1,
        owner: { department: "Finance", person: "finance.head", sinceDays: 60, source: "claimed" },
      },
      {
        name: "Account review call",
        customerGoal: "See what they got for their money and what could be better",
        emotion: null,
        owner: { department: "Sales", person: "sales.head", sinceDays: 45, source: "assigned" },
        others: { "Customer Service": "consulted" },
      },
      { name: "Renewal decision", customerGoal: "Decide with confidence", emotion: null },
    ],
  },
];
