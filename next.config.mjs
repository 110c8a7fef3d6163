/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships wasm/data files that must be loaded from node_modules at run time;
  // bundling it breaks the first request and leaks ~15 MB into public static assets.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2"],
  poweredByHeader: false,
  // Type checking is its own step of `npm test` (tsc --noEmit over the whole project, tests
  // included); repeating it inside every `next build` costs ~40 s on two cores.
  typescript: { ignoreBuildErrors: true },
  // A separate build directory lets a benchmark or a second checkout build without clobbering .next.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  typedRoutes: false,
};

export default nextConfig;
