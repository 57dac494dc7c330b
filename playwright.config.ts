import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { E2E } from "./e2e/support/config";
import { generateTestCredentials } from "./tests/fake-salesforce/test-credentials";

// The TLS fake's key and certificate (for proxied.my.salesforce.com and agency.my.salesforce.mil); the portal trusts it via NODE_EXTRA_CA_CERTS.
const tlsKey = path.join(E2E.tlsDir, "key.pem");
const tlsCert = path.join(E2E.tlsDir, "cert.pem");
if (!existsSync(tlsCert)) {
  mkdirSync(E2E.tlsDir, { recursive: true });
  const creds = generateTestCredentials(2048, [E2E.proxiedHost, E2E.milHost]);
  writeFileSync(tlsKey, creds.privateKeyPem, { mode: 0o600 });
  writeFileSync(`${tlsCert}.tmp`, creds.certificatePem);
  renameSync(`${tlsCert}.tmp`, tlsCert);
}
const port = (origin: string) => new URL(origin).port;

const chromium =
  process.env.PLAYWRIGHT_CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

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
    // Not in CI: the trace is zipped as each context closes, and a response still being written then (a link
    // prefetch) once failed a passing journey with "file data stream has unexpected number of bytes". CI keeps the
    // error message and test-results/*/error-context.md (the page's accessibility snapshot) of a failure.
    trace: process.env.CI ? "off" : "retain-on-failure",
    ...devices["Desktop Chrome"],
    launchOptions: {
      executablePath: chromium,
      args: [
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-gpu",
        "--disable-quic",
      ],
    },
  },
  webServer: [
    {
      // The org's My Domain, plus login and test stand-ins and the TLS twin behind an egress proxy: one registry.
      command:
        `npx tsx tests/fake-salesforce/cli.ts --port ${port(E2E.fakeOrigin)} --extra-ports ${port(E2E.loginOrigin)},${port(E2E.testOrigin)}` +
        ` --tls-port ${E2E.tlsPort} --tls-key ${tlsKey} --tls-cert ${tlsCert} --proxy-port ${port(E2E.proxyOrigin)}`,
      url: `${E2E.fakeOrigin}/__fake/requests`,
      timeout: 30_000,
      reuseExistingServer: false,
    },
    {
      command: `npx tsx tests/fake-salesforce/cli.ts --port ${port(E2E.faultyFakeOrigin)}`,
      url: `${E2E.faultyFakeOrigin}/__fake/requests`,
      timeout: 30_000,
      reuseExistingServer: false,
    },
    {
      // The real `npm start` path: embedded PostgreSQL in a fresh data folder, migrations, generated secrets.
      command: `rm -rf ${E2E.dataDir} && mkdir -p ${E2E.dataDir} && npx tsx --conditions=react-server scripts/start.ts 2>&1 | tee ${E2E.logFile}`,
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
        // The documented test-only opt-ins: Test connection may reach these local fakes and nothing else off-list,
        // and the login/test token hosts are the fake's stand-ins (the audiences stay the real URLs).
        SALESFORCE_EXTRA_ALLOWED_ORIGINS: [E2E.fakeOrigin, E2E.faultyFakeOrigin, E2E.loginOrigin, E2E.testOrigin].join(
          ",",
        ),
        SALESFORCE_TEST_LOGIN_ORIGINS: `login=${E2E.loginOrigin},test=${E2E.testOrigin}`,
        // Real Salesforce host names leave through this proxy, which tunnels them to the TLS fake the portal trusts.
        HTTPS_PROXY: E2E.proxyOrigin,
        NODE_EXTRA_CA_CERTS: tlsCert,
        // Chromium sends no X-Forwarded-For, so Next fills in the socket address: one hop, as the audit
        // journeys expect (127.0.0.1). A portal reached directly by untrusted clients keeps the default 0.
        TRUSTED_PROXY_HOPS: "1",
        // The local fake speaks no TLS: clear text is allowed only when the URL says so.
        SMTP_URL: `smtp://127.0.0.1:${E2E.smtpPort}?tls=off`,
        SMTP_FROM: "Portal <noreply@portal.test>",
        // The test receiver of e2e/webhooks.spec.ts listens on 127.0.0.1 (plain http, a loopback address).
        PORTAL_WEBHOOK_ALLOW_PRIVATE: "1",
        ...(process.env.NEXT_DIST_DIR ? { NEXT_DIST_DIR: process.env.NEXT_DIST_DIR } : {}),
      },
    },
  ],
});
