import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { endWithWorker } from "./support/children";
import { E2E } from "./support/config";
import { sql, suiteDatabaseUrl, suiteSecret } from "./support/db";

// TRUSTED_PROXY_HOPS=0, the default: a portal reached directly records the TCP peer, never what the client writes in
// X-Forwarded-For or in x-portal-peer. A second server (scripts/server.mjs, the one `npm start` runs) on the same
// build and database as the journeys' portal, with the default.
test("with no proxy in front, the audit log records the socket address whatever headers the client sends", async () => {
  const port = E2E.port + 807;
  const origin = `http://127.0.0.1:${port}`;
  const server = spawn(process.execPath, ["scripts/server.mjs"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      PORTAL_HOST: "127.0.0.1",
      NEXTAUTH_URL: origin,
      DATABASE_URL: suiteDatabaseUrl(),
      PORTAL_MASTER_KEY: suiteSecret("master.key"),
      NEXTAUTH_SECRET: suiteSecret("session.secret"),
      TRUSTED_PROXY_HOPS: "0",
      KEY_POOL_SIZE: "0",
    },
    stdio: "ignore",
  });
  endWithWorker(server, "SIGKILL");
  try {
    await expect
      .poll(
        () =>
          fetch(`${origin}/api/health`).then(
            (r) => r.status,
            () => 0,
          ),
        { timeout: 60_000 },
      )
      .toBe(200);
    const email = `peer-${randomBytes(5).toString("hex")}@example.test`;
    const csrf = await fetch(`${origin}/api/auth/csrf`);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const cookie = csrf.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    await fetch(`${origin}/api/auth/callback/credentials`, {
      method: "POST",
      redirect: "manual",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        cookie,
        "x-forwarded-for": "6.6.6.6",
        "x-portal-peer": "7.7.7.7",
      },
      body: new URLSearchParams({ csrfToken, email, password: "wrong password here", json: "true" }),
    });
    const rows = await sql<{ ip: string | null }>(
      "SELECT ip FROM audit_events WHERE action = 'auth.sign_in_failed' AND target_id = $1",
      [email],
    );
    expect(rows).toEqual([{ ip: "127.0.0.1" }]);
  } finally {
    server.kill("SIGTERM");
  }
});
