import path from "node:path";
import { defineConfig } from "vitest/config";

// The exit-code gate (scripts/check-exit-codes.ts) adds its fixtures, which fail on purpose, to the integration project.
const gateFixtures = process.env.PORTAL_EXIT_GATE === "1" ? ["tests/gate/*.fixture.ts"] : [];
const alias = {
  "@": path.resolve(import.meta.dirname),
  "server-only": path.resolve(import.meta.dirname, "tests/support/server-only.ts"),
};

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: { name: "unit", include: ["tests/unit/**/*.test.ts"], environment: "node", testTimeout: 30_000 },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts", ...gateFixtures],
          environment: "node",
          globalSetup: ["tests/support/global-db.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
