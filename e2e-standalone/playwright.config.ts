import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";

// The standalone smoke journey (scripts/check-standalone.ts starts the server, as the container does, and runs this).
const chromium =
  process.env.PLAYWRIGHT_CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

export default defineConfig({
  testDir: ".",
  outputDir: "../test-results/standalone",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: process.env.STANDALONE_BASE_URL,
    acceptDownloads: true,
    trace: "retain-on-failure",
    ...devices["Desktop Chrome"],
    launchOptions: { executablePath: chromium, args: ["--disable-gpu", "--no-first-run", "--disable-sync"] },
  },
});
