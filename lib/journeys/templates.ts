// Ready-made journeys a CCO can start from instead of a blank page: the stages in the customer's
// order, each with what the customer is trying to do there. No zod here: the browser lists them.

export type JourneyTemplate = {
  id: string;
  name: string;
  segment: string;
  description: string;
  stages: { name: string; customerGoal: string }[];
};

export const JOURNEY_TEMPLATES: JourneyTemplate[] = [
  {
    id: "word-of-mouth",
    name: "From word of mouth to advocacy",
    segment: "New customers referred by someone they trust",
    description: "The classic path: a recommendation, the marketing that follows it, the first conversation, the purchase, delivery, help when needed, and a customer who recommends us in turn.",
    stages: [
      { name: "Word of mouth", customerGoal: "Hear about us from someone they trust" },
      { name: "Marketing", customerGoal: "Understand what we offer and whether it fits" },
      { name: "First sales conversation", customerGoal: "Get honest answers to their questions" },
      { name: "Purchase", customerGoal: "Buy without surprises in price or terms" },
      { name: "Delivery", customerGoal: "Receive what they bought, on time and working" },
      { name: "Customer service", customerGoal: "Get a problem solved quickly, first time" },
      { name: "Advocacy", customerGoal: "Feel confident recommending us to others" },
    ],
  },
  {
    id: "b2b-subscription",
    name: "Business subscription: evaluate to renew",
    segment: "Business buyers on an annual subscription",
    description: "A business evaluates, signs, is onboarded, uses the product, is billed and decides whether to renew.",
    stages: [
      { name: "Evaluation", customerGoal: "Decide whether the product solves their problem" },
      { name: "Contract and signature", customerGoal: "Agree terms quickly with legal and procurement" },
      { name: "Onboarding", customerGoal: "Get their team set up and seeing value in the first weeks" },
      { name: "Everyday use", customerGoal: "Do their work without friction" },
      { name: "Billing", customerGoal: "Receive correct, understandable invoices" },
      { name: "Renewal", customerGoal: "Know what they got and decide to continue with confidence" },
    ],
  },
  {
    id: "support-case",
    name: "Support case: report to resolution",
    segment: "Existing customers with a problem",
    description: "A customer runs into a problem, reports it, is kept informed, has it fixed and confirms it stays fixed.",
    stages: [
      { name: "Runs into a problem", customerGoal: "Find out whether it is them or us" },
      { name: "Reports it", customerGoal: "Reach the right person without repeating themselves" },
      { name: "Kept informed", customerGoal: "Know what happens next and when" },
      { name: "Fixed", customerGoal: "Have the problem solved for good" },
      { name: "Follow-up", customerGoal: "Be asked whether it stayed fixed" },
    ],
  },
];

export const templateById = (id: string) => JOURNEY_TEMPLATES.find((t) => t.id === id);
