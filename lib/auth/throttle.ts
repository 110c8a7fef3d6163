// Failed sign-ins per email within a sliding window. Kept in one place so the rule is easy to
// find and the UI can explain it.
export const SIGN_IN_MAX_FAILURES = 5;
export const SIGN_IN_WINDOW_MINUTES = 15;
