import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import { E2E } from "./e2e/support/config";

const chromium = process.env.PLAYWRIGHT_CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 2,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: E2E.baseUrl,
    acceptDownloads: true,
    trace: "retain-on-failure",
    ...devices["Desktop Chrome"],
    launchOptions: {
      executablePath: chromium,
      args: ["--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-gpu", "--disable-quic"],
    },
  },
  webServer: [
    ...[E2E.fakeOrigin, E2E.faultyFakeOrigin].map((origin) => ({
      command: `npx tsx tests/fake-salesforce/cli.ts --port ${new URL(origin).port}`,
      url: `${origin}/__fake/requests`,
      timeout: 30_000,
      reuseExistingServer: false,
    })),
    {
      // The real `npm start` path: embedded PostgreSQL in a fresh data folder, migrations, generated secrets.
      command: `rm -rf ${E2E.dataDir} && mkdir -p ${E2E.dataDir} && npx tsx scripts/start.ts 2>&1 | tee ${E2E.logFile}`,
      url: `${E2E.baseUrl}/api/health`,
      timeout: 180_000,
      reuseExistingServer: false,
      stdout: "ignore",
      env: {
        PORTAL_DATA_DIR: E2E.dataDir,
        PORT: String(E2E.port),
        PORTAL_EMBEDDED_PG_PORT: String(E2E.pgPort),
        NEXTAUTH_URL: E2E.baseUrl,
        NEXT_TELEMETRY_DISABLED: "1",
        // The documented test-only opt-in: Test connection may reach these two local fakes and nothing else off-list.
        SALESFORCE_EXTRA_ALLOWED_ORIGINS: `${E2E.fakeOrigin},${E2E.faultyFakeOrigin}`,
        ...(process.env.NEXT_DIST_DIR ? { NEXT_DIST_DIR: process.env.NEXT_DIST_DIR } : {}),
      },
    },
  ],
});
