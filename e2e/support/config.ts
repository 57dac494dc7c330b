import os from "node:os";
import path from "node:path";

// Fixed per machine so the config, the web server and every worker agree on them.
// Ports are E2E.port + an offset: 800-806 below; specs' own servers use 807 (client-address), 810-815 (scaling-out)
// and 817-819 (graceful-shutdown). Specs run side by side in two workers: a new server takes an unused offset.
export const E2E = {
  port: Number(process.env.E2E_PORT ?? 3210),
  pgPort: Number(process.env.E2E_PG_PORT ?? 54410),
  dataDir: process.env.E2E_DATA_DIR ?? path.join(os.tmpdir(), "sf-portal-e2e"),
  get logFile() {
    return path.join(this.dataDir, "server.log");
  },
  // Two fake Salesforce servers: one for ordinary journeys, one whose faults (delay, 5xx) no other test sees.
  get fakeOrigin() {
    return `http://127.0.0.1:${this.port + 800}`;
  },
  get faultyFakeOrigin() {
    return `http://127.0.0.1:${this.port + 801}`;
  },
  // More hosts of the first fake: stand-ins for login.salesforce.com and test.salesforce.com (SALESFORCE_TEST_LOGIN_ORIGINS).
  get loginOrigin() {
    return `http://127.0.0.1:${this.port + 802}`;
  },
  get testOrigin() {
    return `http://127.0.0.1:${this.port + 803}`;
  },
  // The first fake over TLS, posing as a real My Domain, reachable only through its egress proxy (HTTPS_PROXY).
  proxiedHost: "proxied.my.salesforce.com",
  // A Government Cloud Plus My Domain, served by the same TLS twin behind the proxy.
  milHost: "agency.my.salesforce.mil",
  get tlsPort() {
    return this.port + 804;
  },
  get proxyOrigin() {
    return `http://127.0.0.1:${this.port + 805}`;
  },
  // SMTP_URL of the portal: e2e/password-reset.spec.ts listens here while it needs mail. Otherwise nothing does,
  // sending fails at once, and the portal shows links to staff as it does without SMTP.
  get smtpPort() {
    return this.port + 806;
  },
  tlsDir: process.env.E2E_TLS_DIR ?? path.join(os.tmpdir(), "sf-portal-e2e-tls-v2"),
  get baseUrl() {
    return `http://localhost:${this.port}`;
  },
};
