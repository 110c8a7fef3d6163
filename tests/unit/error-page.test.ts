import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import ErrorPage from "@/app/error";
import { DATABASE_TIMEOUT_DIGEST, DATABASE_TIMEOUT_MESSAGE, DATABASE_UNAVAILABLE_DIGEST, DATABASE_UNAVAILABLE_MESSAGE } from "@/lib/unavailable";

// Production hides a server error's message from the browser; only its digest arrives. The
// database's absence has a digest of its own (db/client.ts), and the boundary says so.
const render = (digest?: string) => renderToStaticMarkup(createElement(ErrorPage, { error: Object.assign(new Error("hidden"), { digest }), reset: () => {} }));

describe("the error boundary", () => {
  it("says the database is unavailable when the error carries that digest", () => {
    const html = render(DATABASE_UNAVAILABLE_DIGEST);
    expect(html).toContain(DATABASE_UNAVAILABLE_MESSAGE);
    expect(html).toContain("The database is unavailable</h1>");
  });

  it("says the page took too long when the database stopped one of its reads", () => {
    const html = render(DATABASE_TIMEOUT_DIGEST);
    expect(html).toContain("This page took too long to load</h1>");
    expect(html).toContain(DATABASE_TIMEOUT_MESSAGE);
    expect(html).not.toContain(DATABASE_UNAVAILABLE_MESSAGE);
  });

  it("says something went wrong for any other error, whatever its digest", () => {
    for (const digest of ["1234567", "constructor", "toString", undefined]) {
      const html = render(digest);
      expect(html).toContain("Something went wrong");
      expect(html).not.toContain(DATABASE_UNAVAILABLE_MESSAGE);
      expect(html).not.toContain(DATABASE_TIMEOUT_MESSAGE);
    }
  });
});
