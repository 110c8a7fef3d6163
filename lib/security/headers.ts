// The per-response browser protections the proxy adds. The static ones (nosniff, referrer,
// permissions, framing) live in next.config.mjs headers(), which reaches every response,
// static assets included.

/** A fresh, unguessable nonce for one response's Content-Security-Policy. */
export function newNonce(): string {
  const bytes = new Uint8Array(18);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/**
 * The page policy: scripts run only with this response's nonce (Next.js reads it from the
 * request's CSP header and stamps its own scripts with it); nothing may frame the app, load
 * plugins, rebase relative URLs or post forms elsewhere. Inline `style` attributes stay allowed
 * (progress bars set their width that way); a style attribute cannot run code.
 */
export function contentSecurityPolicy(nonce: string, { dev = false, https = false } = {}): string {
  return [
    "default-src 'self'",
    // Development only: React rebuilds server error stacks with eval.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // The dev overlay injects styles without the nonce.
    dev ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** Sent only over https: a browser ignores it on plain http, and a wrong one locks users out for a year. */
export const STRICT_TRANSPORT_SECURITY = "max-age=31536000";
