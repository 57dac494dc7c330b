import { randomUUID } from "node:crypto";
import pg from "pg";
import type { GeneratedCertificate } from "@/lib/crypto/certificate";
import { privateKeyAad, seal } from "@/lib/crypto/envelope";
import { getMasterKeys } from "@/lib/crypto/master-keys";

// Connections for bench:scheduler: `count` connections that passed a test two days ago (so every one is due on the
// 24 h schedule), CONNECTIONS_PER_TENANT to a tenant so that no tenant's scheduled budget (60 an hour) is the limit.
// They share one key pair (RSA keys take 0.2 s each to make), sealed per row as the portal seals it, and one app in
// the fake Salesforce.
const CONNECTIONS_PER_TENANT = 50;
const BATCH = 1_000;

export type SeedFields = { username: string; clientId: string; instanceUrl: string };

export async function seedDueConnections(
  url: string,
  count: number,
  certificate: GeneratedCertificate,
  fields: SeedFields,
): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const key = getMasterKeys().current;
  const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
  try {
    for (let start = 0; start < count; start += BATCH) {
      const rows = Array.from({ length: Math.min(BATCH, count - start) }, (_, i) => ({
        n: start + i,
        id: randomUUID(),
        certificateId: randomUUID(),
      }));
      const tenants = [...new Set(rows.map((r) => Math.floor(r.n / CONNECTIONS_PER_TENANT)))].map((t) => ({
        t,
        id: randomUUID(),
      }));
      const tenantOf = new Map<number, string>(tenants.map((t) => [t.t, t.id]));
      await client.query(
        `INSERT INTO tenants (id, name) SELECT * FROM unnest($1::uuid[], $2::text[]) ON CONFLICT (name) DO NOTHING`,
        [tenants.map((t) => t.id as string), tenants.map((t) => `Scheduler bench ${t.t}`)],
      );
      const { rows: ids } = await client.query<{ id: string; name: string }>(
        `SELECT id::text, name FROM tenants WHERE name = ANY($1::text[])`,
        [tenants.map((t) => `Scheduler bench ${t.t}`)],
      );
      for (const r of ids) tenantOf.set(Number(r.name.split(" ").pop()), r.id);
      const tenantIds = rows.map((r) => tenantOf.get(Math.floor(r.n / CONNECTIONS_PER_TENANT))!);
      await client.query(
        `INSERT INTO connections (id, tenant_id, name, username, client_id, instance_url, environment, status,
           last_tested_at, last_success_at, status_since, certificate_expires_at)
         SELECT id, tenant_id, name, $4, $5, $6, 'production', 'connected', $7, $7, $7, $8
         FROM unnest($1::uuid[], $2::uuid[], $3::text[]) AS u(id, tenant_id, name)`,
        [
          rows.map((r) => r.id),
          tenantIds,
          rows.map((r) => `Connection ${r.n}`),
          fields.username,
          fields.clientId,
          fields.instanceUrl,
          twoDaysAgo,
          certificate.notAfter,
        ],
      );
      await client.query(
        `INSERT INTO certificates (id, connection_id, tenant_id, subject, subject_text, serial_hex, fingerprint_sha256,
           key_size, not_before, not_after, certificate_pem, encrypted_private_key, request_token)
         SELECT id, connection_id, tenant_id, $4::jsonb, $5, $6, $7, $8, $9, $10, $11, sealed, id::text
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $12::text[]) AS u(id, connection_id, tenant_id, sealed)`,
        [
          rows.map((r) => r.certificateId),
          rows.map((r) => r.id),
          tenantIds,
          JSON.stringify(certificate.subject),
          certificate.subjectText,
          certificate.serialHex,
          certificate.fingerprintSha256,
          certificate.keySize,
          certificate.notBefore,
          certificate.notAfter,
          certificate.certificatePem,
          rows.map((r) => seal(certificate.privateKeyPem, privateKeyAad(r.id, r.certificateId), key)),
        ],
      );
    }
  } finally {
    await client.end();
  }
}
