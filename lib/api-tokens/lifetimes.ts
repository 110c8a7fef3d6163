// Zod-free, so the token forms can list the choices without bringing zod to the browser.

/** How long a new token lives; "never" is allowed but the form defaults to 90 days. */
export const TOKEN_LIFETIMES = ["7", "30", "90", "365", "never"] as const;
export const TOKEN_LIFETIME_LABELS: Record<(typeof TOKEN_LIFETIMES)[number], string> = {
  "7": "7 days",
  "30": "30 days",
  "90": "90 days",
  "365": "1 year",
  never: "Never expires",
};
