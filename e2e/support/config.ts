import os from "node:os";
import path from "node:path";

// Fixed per machine so the config, the web server and every worker agree on them.
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
  get baseUrl() {
    return `http://localhost:${this.port}`;
  },
};
