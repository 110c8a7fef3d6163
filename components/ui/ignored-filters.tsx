import type { IgnoredFilter } from "@/lib/validation";
import { Alert } from "./alert";

/** Says which filters in the address were ignored and why, instead of silently dropping them. */
export function IgnoredFilters({ ignored, labels = {} }: { ignored: IgnoredFilter[]; labels?: Record<string, string> }) {
  if (ignored.length === 0) return null;
  return (
    <Alert tone="info" className="mb-4">
      {ignored.length === 1 ? "Ignored an invalid filter: " : "Ignored invalid filters: "}
      {ignored.map((f, i) => (
        <span key={f.name}>
          {i > 0 ? "; " : ""}
          {/* "From must be in a year…", but "Search: Remove the invisible…" */}
          <strong>
            {labels[f.name] ?? f.name}
            {/^[a-z]/.test(f.problem) ? "" : ":"}
          </strong>{" "}
          {f.problem}
        </span>
      ))}
    </Alert>
  );
}
