import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: [".next/**", ".next-*/**", "bench-results/**", "node_modules/**", ".data/**", "db/migrations/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
  ...tseslint.configs.recommended,
  {
    files: ["app/**", "components/**"],
    plugins: { "react-hooks": reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-console": ["error", { allow: ["error", "warn", "log"] }],
    },
  },
  // The walls of ARCHITECTURE.md: routes and components never talk to the database.
  {
    files: ["app/**", "components/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        { patterns: [{ group: ["@/db/*", "@/db", "**/db/*"], message: "app/ and components/ never import db/: go through lib/." }] },
      ],
    },
  },
  {
    files: ["lib/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        { patterns: [{ group: ["@/app/*", "@/components/*"], message: "lib/ never imports from app/ or components/." }] },
      ],
    },
  },
  // Tests: no focused or skipped tests may land.
  {
    files: ["tests/**"],
    rules: {
      "no-restricted-properties": [
        "error",
        { object: "it", property: "only" }, { object: "it", property: "skip" },
        { object: "test", property: "only" }, { object: "test", property: "skip" },
        { object: "describe", property: "only" }, { object: "describe", property: "skip" },
        { object: "page", property: "waitForTimeout", message: "No fixed sleeps in browser tests." },
      ],
    },
  },
);
