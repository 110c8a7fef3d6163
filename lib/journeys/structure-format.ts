// The journeys CSV: one row per stage (a journey without stages is one row with the stage columns
// empty), in the customer's order. Export and import use exactly these columns, so a file
// exported from one company can be imported into another (a round trip). No zod: the import page
// lists the columns.

export const JOURNEY_CSV_COLUMNS = [
  "journey",
  "segment",
  "journey_status",
  "journey_description",
  "stage_position",
  "stage",
  "customer_goal",
  "emotion_score",
  "accountable_department",
  "accountable_person_email",
  "responsible",
  "consulted",
  "informed",
] as const;
export type JourneyCsvColumn = (typeof JOURNEY_CSV_COLUMNS)[number];

export const JOURNEY_CSV_REQUIRED: JourneyCsvColumn[] = ["journey", "stage"];

/** Several departments in one cell (R, C or I) are separated by semicolons. */
export const DEPARTMENT_SEPARATOR = ";";

export const JOURNEY_CSV_MAX_ROWS = 5000;
