"use client";

import { DATABASE_UNAVAILABLE_DIGEST, DATABASE_UNAVAILABLE_MESSAGE } from "@/lib/unavailable";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  // Production hides a server error's message; the digest alone says the database was away.
  const unavailable = error.digest === DATABASE_UNAVAILABLE_DIGEST;
  return (
    <main id="main" className="mx-auto max-w-lg px-4 py-24 text-center">
      <h1 className="text-2xl font-semibold">{unavailable ? "The database is unavailable" : "Something went wrong"}</h1>
      <p className="mt-2 text-slate-600">{unavailable ? DATABASE_UNAVAILABLE_MESSAGE : "The page could not be shown. Nothing was changed."}</p>
      <button type="button" onClick={reset} className="mt-6 rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white">
        Try again
      </button>
    </main>
  );
}
