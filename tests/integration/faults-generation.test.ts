import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { setupTestEnvironment } from "../support/env";
import { makeConnection, makeCustomer } from "../support/factories";
import { waitUntilBootGone } from "../support/boot-lock";

// Issue #9, faults: a portal killed with `kill -9` while it generates a certificate. What a user notices: no
// half-made certificate, nothing counted against the hour, and Generate works again at once (not "already being
// generated" until some timeout).
const databaseUrl = setupTestEnvironment();
const { getDb } = await import("@/lib/db/client");
const { generateCertificateForConnection } = await import("@/lib/connections/generate-certificate");
const root = path.resolve(import.meta.dirname, "../..");

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("a portal killed during certificate generation", () => {
  it("leaves no certificate, spends no unit, and does not block the tenant's next generation", async () => {
    const { tenant, user } = await makeCustomer(getDb());
    const { id: connectionId } = await makeConnection(getDb(), tenant.id);
    const child = spawn(
      process.execPath,
      ["--import=tsx", "--conditions=react-server", "tests/support/generation-child.ts", tenant.id, connectionId],
      {
        cwd: root,
        env: { ...process.env, DATABASE_URL: databaseUrl, KEY_POOL_SIZE: "0" },
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    let finished = false;
    child.stdout!.on("data", (chunk: Buffer) => (finished ||= chunk.toString().includes("finished")));
    const exited = new Promise((resolve) => child.once("exit", (_code, signal) => resolve(signal)));

    // The child holds the tenant's lease while it searches for RSA-4096 primes: kill it then.
    const lease = await until("the child's generation lease", () =>
      getDb().generationLease.findUnique({ where: { tenantId: tenant.id } }),
    );
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");
    expect(finished).toBe(false);
    expect(lease.bootId).not.toBeNull();

    expect(await getDb().certificate.count({ where: { tenantId: tenant.id } })).toBe(0);
    expect(await getDb().auditEvent.count({ where: { tenantId: tenant.id, action: "certificate.generated" } })).toBe(0);
    const units = await getDb().rateLimit.findMany({ where: { key: `certificates:${tenant.id}` } });
    expect(units.reduce((sum, row) => sum + row.count, 0)).toBe(0);

    // Once PostgreSQL has ended the dead process's session (and has been up past the restart grace), its lease is void.
    await waitUntilBootGone(getDb(), lease.bootId!);
    const certificate = await generateCertificateForConnection({
      tenantId: tenant.id,
      connectionId,
      request: {
        countryName: "US",
        stateOrProvince: "CA",
        locality: "SF",
        organizationName: "After the kill",
        commonName: "After the kill",
        validityDays: 365,
        keySize: 2048,
      },
      requestToken: randomUUID(),
      actor: { id: user.id, email: user.email },
      ip: null,
    });
    expect(certificate.keySize).toBe(2048);
    expect(await getDb().certificate.count({ where: { tenantId: tenant.id } })).toBe(1);
    expect(await getDb().generationLease.count({ where: { tenantId: tenant.id } })).toBe(0);
  });
});
