import type { DemoDepartment } from "./accounts";

export type DemoDispute = {
  kind: "ownership" | "handoff" | "standards" | "resources" | "other";
  stage?: string;
  title: string;
  description: string;
  raisedBy: string;
  parties: DemoDepartment[];
  openedDaysAgo: number;
  statements: Partial<Record<DemoDepartment, { statement: string; proposal: string }>>;
  comments?: { by: string; body: string; daysAgo: number }[];
  decided?: { daysAgo: number; outcome: string; rationale: string; optionsConsidered: string };
};

export const DEMO_DISPUTES: DemoDispute[] = [
  {
    kind: "ownership",
    stage: "Recommends us to others",
    title: "Who should own “Recommends us to others”?",
    description: "Marketing runs the referral programme, but Customer Service talks to happy customers every day. Nobody owns the moment a customer recommends us.",
    raisedBy: "marketing.head",
    parties: ["Marketing", "Customer Service"],
    openedDaysAgo: 3,
    statements: {
      Marketing: { statement: "Referrals are a marketing channel with a budget and targets; we already run the programme.", proposal: "Marketing is accountable; Customer Service is consulted." },
    },
    comments: [{ by: "service.head", body: "We hear the compliments first. Let's at least be responsible for asking.", daysAgo: 2 }],
  },
  {
    kind: "resources",
    stage: "Purchase and payment",
    title: "Who pays for retrying failed card payments?",
    description: "Retrying failed payments needs a paid add-on from the payment provider. Sales and Finance each expect the other to fund it.",
    raisedBy: "sales.head",
    parties: ["Sales", "Finance"],
    openedDaysAgo: 15,
    statements: {
      Sales: { statement: "Failed payments lose us orders we already won; Finance owns the provider contract.", proposal: "Finance funds the add-on from the payments budget." },
      Finance: { statement: "The add-on only pays off through recovered sales revenue.", proposal: "Sales funds it for six months, then we review." },
    },
  },
  {
    kind: "standards",
    stage: "Delivery and installation",
    title: "How long may an installation window be?",
    description: "Customer Service promises narrow windows to upset customers; Fulfilment says crews cannot keep them.",
    raisedBy: "service.head",
    parties: ["Customer Service", "Fulfilment"],
    openedDaysAgo: 26,
    statements: {
      "Customer Service": { statement: "Half-day windows make customers take a day off; complaints double.", proposal: "Two-hour windows for every installation." },
      Fulfilment: { statement: "Two-hour windows are possible only with route planning, due next month.", proposal: "Four-hour windows now, two-hour windows once routing is live." },
    },
    decided: {
      daysAgo: 20,
      outcome: "Four-hour windows now; two-hour windows from the day route planning goes live.",
      rationale: "Fulfilment cannot keep two-hour windows without routing; breaking promises is worse than a wider window. Customer Service gets the live schedule to keep customers informed.",
      optionsConsidered: "Two-hour windows immediately; half-day windows; four hours now and two hours after routing.",
    },
  },
];
