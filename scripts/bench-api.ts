// npm run bench:api: p50/p95/p99 of GET /api/v1/connections (pages of 100, following the cursor) and of
// GET /api/v1/connections/{id}/private-key, over HTTP against the real portal (scripts/start.ts), on the data of
// `npm run seed:large`. Exits 1 if a p95 misses the 50 ms target, 2 if the database has not been seeded.
import { randomBytes, randomUUID } from "node:crypto";
import path from "node:path";
import { masterKeyFile } from "@/lib/crypto/key-files";
import { defaultDataOptions, readOrCreateSecret } from "@/lib/db/embedded";
import { migrate } from "@/lib/db/migrate";
import { openCliDatabase, projectRoot } from "./cli-database";
import { BENCH_CERTIFICATE_REQUEST } from "./bench/certificate-request";
import { startPortal } from "./bench/portal-process";
import { ms, summary, timed } from "./bench/stats";

const RUNS = Number(process.env.BENCH_RUNS || 200);
const TARGET_P95_MS = 50;
const PORT = Number(process.env.BENCH_PORT || 3990);

const database = await openCliDatabase();
// The portal and this script must share the master key: the embedded default keeps it in the data folder.
const { dataDir } = defaultDataOptions(projectRoot);
process.env.DATABASE_URL = database.url;
process.env.PORTAL_MASTER_KEY ||= await readOrCreateSecret(masterKeyFile(dataDir), () =>
  randomBytes(32).toString("base64"),
);
process.env.NEXTAUTH_SECRET ||= await readOrCreateSecret(path.join(dataDir, "session.secret"), () =>
  randomBytes(32).toString("base64"),
);
await migrate(database.url);

const { getDb } = await import("@/lib/db/client");
const { createApiToken, revokeApiToken } = await import("@/lib/api/tokens");
const { generateCertificateForConnection } = await import("@/lib/connections/generate-certificate");
const { createUser } = await import("@/lib/users/create-user");

const db = getDb();
const seeded = await db.tenant.count({ where: { name: { startsWith: "Seed " } } });
if (seeded === 0) {
  console.error("No seeded data: run `npm run seed:large` first (same PORTAL_DATA_DIR or DATABASE_URL).");
  await database.stop();
  process.exit(2);
}

// One real connection with a real encrypted key, for the private-key endpoint.
const admin = { id: randomUUID(), email: "bench@portal.test", role: "admin" as const, tenantId: null };
const { tenant } = await createUser(db, {
  email: `bench-api-${randomUUID()}@example.test`,
  password: randomBytes(12).toString("hex"),
  role: "customer",
  tenant: `Bench API ${randomUUID()}`,
});
const connectionId = randomUUID();
await db.connection.create({ data: { id: connectionId, tenantId: tenant!.id, name: "Bench API" } });
await generateCertificateForConnection({
  tenantId: tenant!.id,
  connectionId,
  request: BENCH_CERTIFICATE_REQUEST,
  requestToken: randomUUID(),
  actor: null,
  ip: null,
});
const listToken = await createApiToken(
  db,
  { name: "bench list", scopes: ["connections:read"], tenantId: null, expiresDays: 1 },
  null,
  null,
);
const keyToken = await createApiToken(
  db,
  { name: "bench key", scopes: ["keys:read"], tenantId: null, expiresDays: 1 },
  null,
  null,
);

const portal = await startPortal({
  databaseUrl: database.url,
  port: PORT,
  env: { PORTAL_MASTER_KEY: process.env.PORTAL_MASTER_KEY, NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET },
});
let failed = false;
try {
  const get = async (url: string, token: string) => {
    const res = await fetch(`${portal.baseUrl}${url}`, { headers: { authorization: `Bearer ${token}` } });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status} ${body.slice(0, 200)}`);
    return body;
  };
  const total = await db.connection.count();
  console.log(`bench:api — ${RUNS} requests each, over HTTP, ${total} connections, Node ${process.version}\n`);

  let cursor: string | null = null;
  const pages: number[] = [];
  for (let i = 0; i < RUNS + 5; i++) {
    const url: string = `/api/v1/connections?limit=100${cursor ? `&cursor=${cursor}` : ""}`;
    const [t, body] = await timed(() => get(url, listToken.token));
    const page = JSON.parse(body) as { items: unknown[]; nextCursor: string | null };
    if (page.items.length !== 100 && page.nextCursor)
      throw new Error("a page before the last had fewer than 100 items");
    if (i >= 5) pages.push(t); // the first few warm up the route and the pool
    cursor = page.nextCursor;
  }
  const keys: number[] = [];
  for (let i = 0; i < RUNS + 5; i++) {
    const [t, pem] = await timed(() => get(`/api/v1/connections/${connectionId}/private-key`, keyToken.token));
    if (!pem.startsWith("-----BEGIN PRIVATE KEY-----"))
      throw new Error("the private-key endpoint did not return a PEM");
    if (i >= 5) keys.push(t);
  }
  for (const [name, values] of [
    ["GET /api/v1/connections (page of 100, cursor)", pages],
    ["GET /api/v1/connections/{id}/private-key", keys],
  ] as const) {
    const s = summary(values);
    const met = s.p95 <= TARGET_P95_MS;
    failed ||= !met;
    console.log(
      `${name.padEnd(48)} p50 ${ms(s.median).padStart(9)}  p95 ${ms(s.p95).padStart(9)}  p99 ${ms(s.p99).padStart(9)}  (target p95 ≤ ${TARGET_P95_MS} ms: ${met ? "met" : "MISSED"})`,
    );
  }
} finally {
  await portal.stop();
  for (const t of [listToken, keyToken]) await revokeApiToken(db, t.id, admin, null);
  await db.$disconnect();
  await database.stop();
}
process.exitCode = failed ? 1 : 0;
