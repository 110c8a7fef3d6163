"use client";

/**
 * A select's options from compact pairs. A client component only for its payload: a server-rendered
 * list of fifty journeys carries each option twice, as HTML and again as React elements in the
 * page's payload; as [value, label] pairs the second copy is about half the size.
 */
export function Options({ items }: { items: [value: string, label: string][] }) {
  return items.map(([value, label]) => (
    <option key={value} value={value}>{label}</option>
  ));
}
