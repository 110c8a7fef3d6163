import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

const ROLE_NAME = "/^(admin|cco|executive|head|member)$/";
const ROLE_LITERAL_MESSAGE =
  "Do not compare a role with a role name: ask lib/permissions.ts (can, canFor, rolesWith, mayHeadDepartment) or a named rule in lib/<domain>/rules.ts, so the page that shows a button and the command that checks it share one rule.";
const ROLE_LITERAL_SELECTORS = [
  // role === "cco", "head" !== actor.role
  `BinaryExpression[operator=/^[!=]==?$/] > Literal[value=${ROLE_NAME}]`,
  // ["cco", "head"].includes(role), new Set(["cco"]).has(role)
  `CallExpression[callee.property.name=/^(includes|indexOf|has)$/][callee.object.type="ArrayExpression"] > MemberExpression > ArrayExpression > Literal[value=${ROLE_NAME}]`,
  `CallExpression[callee.property.name="has"] > MemberExpression > NewExpression[callee.name="Set"] > ArrayExpression > Literal[value=${ROLE_NAME}]`,
  // switch (role) { case "cco": … }
  `SwitchCase > Literal.test[value=${ROLE_NAME}]`,
  // eq(users.role, "admin"), inArray(users.role, ["head", "member"])
  `CallExpression[callee.name=/^(eq|ne|inArray|notInArray)$/][arguments.0.property.name="role"] Literal[value=${ROLE_NAME}]`,
  // sql`… role = 'cco' …`
  "TemplateElement[value.raw=/\\brole\\s*(=|<>|!=|in\\b)[^`]*'(admin|cco|executive|head|member)'/]",
];

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
  // One source for who may do what: no role is compared with a role name outside the
  // permission table (tests/unit/role-literals.test.ts scans for the same shapes).
  {
    files: ["app/**", "components/**", "lib/**"],
    ignores: ["lib/permissions.ts"],
    rules: {
      "no-restricted-syntax": ["error", ...ROLE_LITERAL_SELECTORS.map((selector) => ({ selector, message: ROLE_LITERAL_MESSAGE }))],
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
