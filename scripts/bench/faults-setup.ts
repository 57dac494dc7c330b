// The fault benchmark's world: the fake Salesforce in a process of its own, and a customer with a connection
// that is ready to test (its certificate registered with the fake's app).
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import path from "node:path";
import { migrate } from "@/lib/db/migrate";
import { BENCH_CERTIFICATE_REQUEST } from "./certificate-request";

const USERNAME = "integration@bench.example";
const root = path.resolve(import.meta.dirname, "../..");

export async function startFake(port: number): Promise<{ origin: string; process: ChildProcess }> {
  const origin = `http://127.0.0.1:${port}`;
  const child = spawn(
    process.execPath,
    [path.join(root, "node_modules/tsx/dist/cli.mjs"), "tests/fake-salesforce/cli.ts", "--port", String(port)],
    { cwd: root, stdio: "ignore" },
  );
  for (let i = 0; i < 100; i++) {
    const up = await fetch(`${origin}/__fake/requests`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return { origin, process: child };
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("the fake Salesforce did not come up");
}

export async function setFakeDelay(origin: string, ms: number | null): Promise<void> {
  await fetch(`${origin}/__fake/fault`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ fault: ms === null ? null : { kind: "delay", ms }, where: "token" }),
  });
}

// Needs DATABASE_URL, PORTAL_MASTER_KEY and NEXTAUTH_SECRET in process.env (the portal gets the same).
export async function seedReadyConnection(databaseUrl: string, origin: string) {
  await migrate(databaseUrl);
  const { getDb } = await import("@/lib/db/client");
  const { createUser } = await import("@/lib/users/create-user");
  const { generateCertificateForConnection } = await import("@/lib/connections/generate-certificate");
  const password = randomBytes(12).toString("hex");
  const { user, tenant } = await createUser(getDb(), {
    email: `bench-${randomUUID()}@example.test`,
    password,
    role: "customer",
    tenant: `Bench ${randomUUID()}`,
  });
  const connectionId = randomUUID();
  await getDb().connection.create({ data: { id: connectionId, tenantId: tenant!.id, name: "Bench faults" } });
  const cert = await generateCertificateForConnection({
    tenantId: tenant!.id,
    connectionId,
    requestToken: randomUUID(),
    actor: null,
    ip: null,
    request: BENCH_CERTIFICATE_REQUEST,
  });
  const { certificatePem } = await getDb().certificate.findUniqueOrThrow({
    where: { id: cert.id },
    select: { certificatePem: true },
  });
  const clientId = `3MVG9${randomBytes(40).toString("hex")}`;
  await fetch(`${origin}/__fake/apps`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ clientId, certificatePem, usernames: [USERNAME], acceptedAudiences: [origin] }),
  });
  await getDb().connection.update({
    where: { id: connectionId },
    data: { username: USERNAME, clientId, instanceUrl: origin, environment: "production" },
  });
  return { email: user.email, password, connectionId, certificateId: cert.id, db: getDb() };
}
