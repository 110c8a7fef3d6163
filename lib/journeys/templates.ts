// Ready-made journeys a CCO can start from instead of a blank page: the stages in the customer's
// order, each with what the customer is trying to do there, its phase, touchpoints and channels. No zod here: the browser lists them.

export type JourneyTemplate = {
  id: string;
  name: string;
  segment: string;
  description: string;
  stages: { name: string; customerGoal: string; phase: string; touchpoints: string[]; channels: string[] }[];
};

export const JOURNEY_TEMPLATES: JourneyTemplate[] = [
  {
    id: "word-of-mouth",
    name: "From word of mouth to advocacy",
    segment: "New customers referred by someone they trust",
    description: "The classic path: a recommendation, the marketing that follows it, the first conversation, the purchase, delivery, help when needed, and a customer who recommends us in turn.",
    stages: [
      { name: "Word of mouth", customerGoal: "Hear about us from someone they trust", phase: "Discover", touchpoints: ["Friend's recommendation", "Online review"], channels: ["In person", "Social media"] },
      { name: "Marketing", customerGoal: "Understand what we offer and whether it fits", phase: "Discover", touchpoints: ["Website", "Newsletter"], channels: ["Web", "Email"] },
      { name: "First sales conversation", customerGoal: "Get honest answers to their questions", phase: "Buy", touchpoints: ["Sales call", "Product demo"], channels: ["Phone", "Video call"] },
      { name: "Purchase", customerGoal: "Buy without surprises in price or terms", phase: "Buy", touchpoints: ["Quote", "Checkout"], channels: ["Web", "Sales rep"] },
      { name: "Delivery", customerGoal: "Receive what they bought, on time and working", phase: "Use", touchpoints: ["Dispatch notice", "Delivery"], channels: ["Email", "Courier"] },
      { name: "Customer service", customerGoal: "Get a problem solved quickly, first time", phase: "Use", touchpoints: ["Help centre", "Support ticket"], channels: ["Chat", "Phone", "Email"] },
      { name: "Advocacy", customerGoal: "Feel confident recommending us to others", phase: "Recommend", touchpoints: ["Review request", "Referral programme"], channels: ["Email", "Social media"] },
    ],
  },
  {
    id: "b2b-subscription",
    name: "Business subscription: evaluate to renew",
    segment: "Business buyers on an annual subscription",
    description: "A business evaluates, signs, is onboarded, uses the product, is billed and decides whether to renew.",
    stages: [
      { name: "Evaluation", customerGoal: "Decide whether the product solves their problem", phase: "Discover", touchpoints: ["Trial account", "Comparison page"], channels: ["Web"] },
      { name: "Contract and signature", customerGoal: "Agree terms quickly with legal and procurement", phase: "Buy", touchpoints: ["Order form", "Security questionnaire"], channels: ["Email", "E-signature"] },
      { name: "Onboarding", customerGoal: "Get their team set up and seeing value in the first weeks", phase: "Use", touchpoints: ["Kick-off call", "Setup guide"], channels: ["Video call", "In product"] },
      { name: "Everyday use", customerGoal: "Do their work without friction", phase: "Use", touchpoints: ["Product", "Release notes"], channels: ["In product", "Email"] },
      { name: "Billing", customerGoal: "Receive correct, understandable invoices", phase: "Use", touchpoints: ["Invoice", "Billing portal"], channels: ["Email", "Web"] },
      { name: "Renewal", customerGoal: "Know what they got and decide to continue with confidence", phase: "Recommend", touchpoints: ["Account review", "Renewal quote"], channels: ["Video call", "Email"] },
    ],
  },
  {
    id: "support-case",
    name: "Support case: report to resolution",
    segment: "Existing customers with a problem",
    description: "A customer runs into a problem, reports it, is kept informed, has it fixed and confirms it stays fixed.",
    stages: [
      { name: "Runs into a problem", customerGoal: "Find out whether it is them or us", phase: "Notice", touchpoints: ["Error message", "Status page"], channels: ["In product", "Web"] },
      { name: "Reports it", customerGoal: "Reach the right person without repeating themselves", phase: "Report", touchpoints: ["Contact form", "Support line"], channels: ["Web", "Phone", "Chat"] },
      { name: "Kept informed", customerGoal: "Know what happens next and when", phase: "Resolve", touchpoints: ["Ticket updates"], channels: ["Email", "SMS"] },
      { name: "Fixed", customerGoal: "Have the problem solved for good", phase: "Resolve", touchpoints: ["Fix confirmation"], channels: ["Email"] },
      { name: "Follow-up", customerGoal: "Be asked whether it stayed fixed", phase: "Confirm", touchpoints: ["Satisfaction survey"], channels: ["Email"] },
    ],
  },
];

export const templateById = (id: string) => JOURNEY_TEMPLATES.find((t) => t.id === id);
