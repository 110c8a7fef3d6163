import { Suspense, type ReactNode } from "react";

/**
 * The sections of a long page, hydrated one after another instead of all in one go: each is put
 * in a Suspense boundary nested in the one before, and React hydrates (and commits) a boundary
 * only after the one around it, each in its own tasks, so the browser paints and answers input
 * in between. Nothing here suspends (the sections are rendered on the server in full), so no
 * fallback is ever shown and the HTML is the same; an event on a section not yet hydrated is
 * replayed once it is. The boundaries add no elements: the sections stay siblings in the DOM.
 */
export function HydrateInTurn({ sections }: { sections: ReactNode[] }) {
  return sections.reduceRight<ReactNode>((rest, section) => (
    <Suspense>
      {section}
      {rest}
    </Suspense>
  ), null);
}
