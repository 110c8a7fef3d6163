// Browser protections for every response, static assets and route handlers included. The
// per-response ones (Content-Security-Policy with its nonce, and HSTS over https) come from
// proxy.ts via lib/security/headers.ts.
const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  {
    key: "Permissions-Policy",
    value: "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()",
  },
  // For browsers that predate CSP frame-ancestors, and for responses without a CSP.
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

// Build output under /_next/static never passes through proxy.ts (its matcher leaves it out:
// no session, no nonce needed), so it carries a fixed policy of its own. Those files are scripts,
// styles and fonts, never documents: nothing may run in them or frame them.
const staticPolicy = "default-src 'none'; frame-ancestors 'none'; object-src 'none'; base-uri 'none'; form-action 'none'";

/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships wasm/data files that must be loaded from node_modules at run time;
  // bundling it breaks the first request and leaks ~15 MB into public static assets.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "pg-boss", "pg"],
  poweredByHeader: false,
  // Type checking is its own step of `npm test` (tsc --noEmit over the whole project, tests
  // included); repeating it inside every `next build` costs ~40 s on two cores.
  typescript: { ignoreBuildErrors: true },
  // A separate build directory lets a benchmark or a second checkout build without clobbering .next.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  typedRoutes: false,
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      { source: "/_next/static/:path*", headers: [{ key: "Content-Security-Policy", value: staticPolicy }] },
      { source: "/_next/image", headers: [{ key: "Content-Security-Policy", value: staticPolicy }] },
    ];
  },
  experimental: {
    // proxy.ts answers a larger action body with 413 first (SERVER_ACTION_BODY_LIMIT); Next.js
    // itself would answer 500.
    serverActions: { bodySizeLimit: "1mb" },
  },
};

export default nextConfig;
