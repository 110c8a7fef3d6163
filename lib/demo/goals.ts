// Demo strategic objectives and goals. Dates are relative to the day the demo is seeded so
// the health mix (on track, at risk, off track, no data, stale, draft) stays meaningful.
export type DemoGoal = {
  stage: string;
  owner: string;
  objective: number;
  title: string;
  description: string;
  metricName: string;
  metricUnit: string;
  baseline: string;
  target: string;
  direction: "increase" | "decrease";
  startDaysAgo: number;
  dueInDays: number;
  budget: string;
  people: number;
  status: "draft" | "active";
  checkIns: { daysAgo: number; value: string; confidence: "high" | "medium" | "low"; note: string }[];
};

export const DEMO_OBJECTIVES = [
  { title: "Make every contact count", description: "Customers get what they came for the first time they reach us.", startMonthsAgo: 2, lengthMonths: 12 },
  { title: "Grow through referrals", description: "Happy customers bring their friends; we make that easy and rewarding.", startMonthsAgo: 2, lengthMonths: 12 },
];

export const DEMO_GOALS: DemoGoal[] = [
  {
    stage: "Getting help", owner: "service.head", objective: 0,
    title: "Resolve more problems in one contact",
    description: "Customers who ask for help get their problem solved without having to call back.",
    metricName: "First-contact resolution", metricUnit: "% of contacts", baseline: "62", target: "80", direction: "increase",
    startDaysAgo: 90, dueInDays: 90, budget: "15000", people: 3, status: "active",
    checkIns: [
      { daysAgo: 60, value: "63", confidence: "medium", note: "New knowledge base live for the top 20 questions." },
      { daysAgo: 30, value: "66", confidence: "medium", note: "Callbacks down, but installation questions still bounce." },
      { daysAgo: 7, value: "68", confidence: "low", note: "Need Fulfilment's install notes in the ticket." },
    ],
  },
  {
    stage: "Delivery and installation", owner: "fulfilment.head", objective: 0,
    title: "Install on the promised day",
    description: "The kit is installed on the day we promised, so customers don't take a day off for nothing.",
    metricName: "On-time installations", metricUnit: "%", baseline: "85", target: "97", direction: "increase",
    startDaysAgo: 60, dueInDays: 120, budget: "40000", people: 6, status: "active",
    checkIns: [
      { daysAgo: 40, value: "88", confidence: "high", note: "Route planning tool rolled out." },
      { daysAgo: 10, value: "92", confidence: "high", note: "Two more crews trained." },
    ],
  },
  {
    stage: "First sales conversation", owner: "sales.head", objective: 1,
    title: "Call referred leads back within a day",
    description: "A friend's referral goes cold fast: referred households hear from us within one working day.",
    metricName: "Time to first conversation", metricUnit: "hours", baseline: "48", target: "12", direction: "decrease",
    startDaysAgo: 100, dueInDays: 20, budget: "0", people: 2, status: "active",
    checkIns: [
      { daysAgo: 80, value: "44", confidence: "medium", note: "Lead routing fixed for the web form." },
      { daysAgo: 30, value: "41", confidence: "low", note: "Still no one owns weekend leads." },
    ],
  },
  {
    stage: "Hears about us from a friend", owner: "marketing.head", objective: 1,
    title: "More referrals each month",
    description: "More households hear about us from a friend because referring is easy and rewarded.",
    metricName: "Referred leads", metricUnit: "per month", baseline: "120", target: "200", direction: "increase",
    startDaysAgo: 30, dueInDays: 150, budget: "25000", people: 2, status: "active", checkIns: [],
  },
  {
    stage: "Purchase and payment", owner: "sales.head", objective: 0,
    title: "Fewer failed payments at checkout",
    description: "Customers pay once and it works: fewer card failures and abandoned payments at checkout.",
    metricName: "Failed payments", metricUnit: "% of orders", baseline: "4.0", target: "1.5", direction: "decrease",
    startDaysAgo: 0, dueInDays: 180, budget: "8000", people: 1, status: "draft", checkIns: [],
  },
];
