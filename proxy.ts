import { NextResponse, type NextRequest } from "next/server";

// Only a convenience redirect for visitors with no session cookie at all. It is not a
// security boundary (see CVE-2025-29927): every page, query and server action checks the
// signed-in user itself, re-read from the database.
const PUBLIC = [/^\/sign-in(\/|$)/, /^\/invite\//, /^\/api\/auth\//];

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (PUBLIC.some((p) => p.test(pathname))) return NextResponse.next();
  const hasSession = request.cookies.getAll().some((c) => c.name.endsWith("authjs.session-token"));
  if (hasSession) return NextResponse.next();
  const url = request.nextUrl.clone();
  url.pathname = "/sign-in";
  url.search = pathname === "/" ? "" : `?callbackUrl=${encodeURIComponent(pathname + search)}`;
  return NextResponse.redirect(url);
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|.*\\.(?:png|svg|ico|css|js)$).*)"],
};
