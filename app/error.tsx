"use client";

import { DATABASE_TIMEOUT_DIGEST, DATABASE_TIMEOUT_MESSAGE, DATABASE_UNAVAILABLE_DIGEST, DATABASE_UNAVAILABLE_MESSAGE } from "@/lib/unavailable";

// Production hides a server error's message; the digest alone says the database was away, or
// stopped one of the page's reads for running too long.
const KNOWN: Record<string, { title: string; text: string }> = {
  [DATABASE_UNAVAILABLE_DIGEST]: { title: "The database is unavailable", text: DATABASE_UNAVAILABLE_MESSAGE },
  [DATABASE_TIMEOUT_DIGEST]: { title: "This page took too long to load", text: DATABASE_TIMEOUT_MESSAGE },
};

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const known = error.digest && Object.hasOwn(KNOWN, error.digest) ? KNOWN[error.digest] : undefined;
  return (
    <main id="main" className="mx-auto max-w-lg px-4 py-24 text-center">
      <h1 className="text-2xl font-semibold">{known?.title ?? "Something went wrong"}</h1>
      <p className="mt-2 text-slate-600">{known?.text ?? "The page could not be shown. Nothing was changed."}</p>
      <button type="button" onClick={reset} className="mt-6 rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white">
        Try again
      </button>
    </main>
  );
}
