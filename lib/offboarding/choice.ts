// Shared by the offboarding form (a client component, so no zod here) and its schema.

/** Each item of an offboarding preview arrives as a form field `choice:<item key>`. */
export const CHOICE_PREFIX = "choice:";
