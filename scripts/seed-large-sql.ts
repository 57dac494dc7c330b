// The SQL behind scripts/seed-large.ts, one set-based statement per step. Distributions, per connection:
// ~8% never tested, ~12% mostly failing, ~10% flaky (warnings), the rest healthy; ~4% of certificates expired,
// ~8% expiring within 30 days. Each connection's status, last test and saved pair come from its latest run.

const COMPANIES = [
  "Acme",
  "Globex",
  "Initech",
  "Umbrella",
  "Hooli",
  "Stark",
  "Wayne",
  "Wonka",
  "Tyrell",
  "Cyberdyne",
  "Soylent",
  "Vandelay",
  "Monarch",
  "Gringotts",
  "Oscorp",
  "Aperture",
  "Massive",
  "Pied Piper",
  "Dunder",
  "Nakatomi",
];
const SUFFIXES = [
  "Labs",
  "Corp",
  "Health",
  "Bank",
  "Retail",
  "Logistics",
  "Energy",
  "Media",
  "Foods",
  "Insurance",
  "Telecom",
  "Travel",
  "Motors",
  "Pharma",
  "Capital",
  "Systems",
];

const sqlArray = (items: string[]) => `(ARRAY[${items.map((s) => `'${s}'`).join(",")}])`;

const STEPS_OK = `'[{"name":"token","status":"ok","message":"Token issued.","durationMs":412},{"name":"version","status":"ok","message":"API v62.0 is available.","durationMs":120},{"name":"identity","status":"ok","message":"Signed in as the integration user.","durationMs":98},{"name":"event_logs","status":"ok","message":"EventLogFile is readable.","durationMs":143}]'::jsonb`;
const STEPS_WARN = `'[{"name":"token","status":"ok","message":"Token issued.","durationMs":398},{"name":"version","status":"ok","message":"API v62.0 is available.","durationMs":111},{"name":"identity","status":"ok","message":"Signed in as the integration user.","durationMs":87},{"name":"event_logs","status":"warning","message":"Only daily event log files are available: hourly logs need Event Monitoring.","durationMs":164}]'::jsonb`;
const STEPS_FAIL = `'[{"name":"token","status":"failed","message":"The user is not pre-approved for the app.","durationMs":655,"diagnosis":{"code":"user_not_approved","title":"The integration user is not approved","fix":"Add the user''s profile or permission set to the External Client App policies."}},{"name":"version","status":"skipped","message":"Not run.","durationMs":0},{"name":"identity","status":"skipped","message":"Not run.","durationMs":0},{"name":"event_logs","status":"skipped","message":"Not run.","durationMs":0}]'::jsonb`;

export const SEED_STEPS: { label: string; sql: string }[] = [
  {
    label: "tenants (10,000) and customer users",
    sql: `
      CREATE TEMP TABLE seed_t AS
      SELECT i AS n, gen_random_uuid() AS id,
             lower(replace(${sqlArray(COMPANIES)}[1 + i % 20], ' ', '')) || '-' || (i % 997) AS slug,
             'Seed ' || ${sqlArray(COMPANIES)}[1 + i % 20] || ' ' || ${sqlArray(SUFFIXES)}[1 + (i / 20) % 16] || ' ' || lpad(i::text, 5, '0') AS name
      FROM generate_series(1, 10000) i;
      INSERT INTO tenants (id, name, created_at) SELECT id, name, now() - random() * interval '730 days' FROM seed_t;
      INSERT INTO users (id, email, role, tenant_id, created_at)
      SELECT gen_random_uuid(), 'admin-' || n || '@' || slug || '.example', 'customer', id, now() - random() * interval '700 days' FROM seed_t;`,
  },
  {
    label: "connections (20,000) and certificates",
    sql: `
      CREATE TEMP TABLE seed_c AS
      SELECT j AS n, gen_random_uuid() AS id, t.id AS tenant_id, t.slug, t.n AS tn,
             (j % 2 = 1) AS prod, random() AS health, random() AS expiry_roll
      FROM generate_series(1, 20000) j JOIN seed_t t ON t.n = (j + 1) / 2;
      ALTER TABLE seed_c ADD COLUMN expires_at timestamptz;
      UPDATE seed_c SET expires_at = CASE
        WHEN health < 0.08 AND random() < 0.5 THEN NULL
        WHEN expiry_roll < 0.04 THEN now() - random() * interval '90 days'
        WHEN expiry_roll < 0.12 THEN now() + random() * interval '30 days'
        ELSE now() + interval '30 days' + random() * interval '700 days' END;
      INSERT INTO connections (id, tenant_id, name, username, client_id, instance_url, api_version, environment, certificate_expires_at, created_at, updated_at)
      SELECT id, tenant_id, CASE WHEN prod THEN 'Production org' ELSE 'UAT sandbox' END,
             'integration@' || slug || '-' || n || CASE WHEN prod THEN '.com' ELSE '.com.uat' END,
             '3MVG9' || md5(id::text) || md5(n::text),
             'https://' || slug || '-' || n || CASE WHEN prod THEN '.my.salesforce.com' ELSE '--uat.sandbox.my.salesforce.com' END,
             'v62.0', (CASE WHEN prod THEN 'production' ELSE 'sandbox' END)::"Environment", expires_at,
             now() - random() * interval '700 days', now()
      FROM seed_c;
      INSERT INTO certificates (id, connection_id, tenant_id, subject, subject_text, serial_hex, fingerprint_sha256, key_size, not_before, not_after,
                                certificate_pem, encrypted_private_key, request_token, created_at)
      SELECT gen_random_uuid(), id, tenant_id, jsonb_build_object('commonName', slug, 'organizationName', slug, 'countryName', 'US'),
             'C=US, O=' || slug || ', CN=' || slug, substr(md5(id::text), 1, 32),
             upper(regexp_replace(encode(sha256(id::text::bytea), 'hex'), '(..)(?!$)', '\\1:', 'g')), 2048,
             expires_at - interval '365 days', expires_at,
             E'-----BEGIN CERTIFICATE-----\\nU3ludGhldGljIGNlcnRpZmljYXRlIGZyb20gbnBtIHJ1biBzZWVkOmxhcmdl\\n-----END CERTIFICATE-----\\n',
             'seed:synthetic:no-key', 'seed-' || n, expires_at - interval '365 days'
      FROM seed_c WHERE expires_at IS NOT NULL;`,
  },
  {
    label: "test runs (500,000)",
    sql: `
      CREATE TEMP TABLE seed_tested AS
      SELECT row_number() OVER (ORDER BY n) AS k, * FROM seed_c WHERE health >= 0.08;
      INSERT INTO test_runs (id, connection_id, tenant_id, outcome, failed_step, error_code, summary, steps, attempts, token_host, audience,
                             api_version, ran_by_email, ran_by_role, started_at, finished_at, duration_ms)
      SELECT gen_random_uuid(), c.id, c.tenant_id, r.outcome::"TestOutcome",
             CASE WHEN r.outcome = 'failed' THEN 'token' END,
             CASE WHEN r.outcome = 'failed' THEN (ARRAY['user_not_approved','invalid_client_id','audience_invalid','user_inactive','timeout'])[1 + g % 5] END,
             CASE r.outcome WHEN 'connected' THEN 'Connected: the collector can read event logs.'
                            WHEN 'warnings' THEN 'Connected with warnings: only daily event log files.'
                            ELSE 'Failed at the token step.' END,
             CASE r.outcome WHEN 'connected' THEN ${STEPS_OK} WHEN 'warnings' THEN ${STEPS_WARN} ELSE ${STEPS_FAIL} END,
             CASE WHEN r.outcome = 'failed'
               THEN jsonb_build_array(jsonb_build_object('tokenHost', c.slug || '-' || c.n || '.my.salesforce.com', 'audience', r.aud, 'ok', false, 'status', 400, 'code', 'user_not_approved', 'salesforceError', 'invalid_grant', 'salesforceDescription', 'user hasn''t approved this consumer', 'durationMs', 310),
                                      jsonb_build_object('tokenHost', r.login, 'audience', r.aud, 'ok', false, 'status', 400, 'code', 'user_not_approved', 'salesforceError', 'invalid_grant', 'salesforceDescription', 'user hasn''t approved this consumer', 'durationMs', 290))
               ELSE jsonb_build_array(jsonb_build_object('tokenHost', r.login, 'audience', r.aud, 'ok', true, 'status', 200, 'durationMs', 380)) END,
             CASE WHEN r.outcome <> 'failed' THEN r.login END, CASE WHEN r.outcome <> 'failed' THEN r.aud END, 'v62.0',
             CASE WHEN g % 5 = 0 THEN 'support@portal.example' ELSE 'admin-' || c.tn || '@' || c.slug || '.example' END,
             (CASE WHEN g % 5 = 0 THEN 'support' ELSE 'customer' END)::"Role",
             r.started_at, r.started_at + interval '2 seconds', 1200 + g % 900
      FROM generate_series(1, 500000) g
      JOIN seed_tested c ON c.k = 1 + (g - 1) % (SELECT count(*) FROM seed_tested)
      CROSS JOIN LATERAL (
        SELECT now() - random() * interval '365 days' AS started_at,
               CASE WHEN c.prod THEN 'login.salesforce.com' ELSE 'test.salesforce.com' END AS login,
               CASE WHEN c.prod THEN 'https://login.salesforce.com' ELSE 'https://test.salesforce.com' END AS aud,
               CASE WHEN c.health < 0.20 THEN (CASE WHEN random() < 0.8 THEN 'failed' WHEN random() < 0.5 THEN 'connected' ELSE 'warnings' END)
                    WHEN c.health < 0.30 THEN (CASE WHEN random() < 0.5 THEN 'warnings' WHEN random() < 0.7 THEN 'connected' ELSE 'failed' END)
                    ELSE (CASE WHEN random() < 0.93 THEN 'connected' WHEN random() < 0.6 THEN 'warnings' ELSE 'failed' END) END AS outcome
      ) r;`,
  },
  {
    label: "connections' status from their latest run",
    sql: `
      UPDATE connections c
      SET status = latest.outcome::text::"ConnectionStatus", last_tested_at = latest.started_at, last_test_run_id = latest.id,
          token_host = CASE WHEN latest.outcome <> 'failed' THEN latest.token_host END,
          audience = CASE WHEN latest.outcome <> 'failed' THEN 'https://' || latest.token_host END
      FROM (SELECT DISTINCT ON (connection_id) connection_id, id, outcome, started_at, token_host
            FROM test_runs WHERE connection_id IN (SELECT id FROM seed_c)
            ORDER BY connection_id, started_at DESC) latest
      WHERE c.id = latest.connection_id;`,
  },
  {
    label: "audit: one test.run entry per run (500,000)",
    sql: `
      INSERT INTO audit_events (created_at, action, actor_email, tenant_id, target_type, target_id, ip, details)
      SELECT r.started_at, 'test.run', r.ran_by_email, r.tenant_id, 'test_run', r.id::text, '198.51.100.' || (1 + abs(hashtext(r.id::text)) % 250),
             jsonb_build_object('connectionId', r.connection_id, 'outcome', r.outcome, 'errorCode', r.error_code, 'asStaff', r.ran_by_role = 'support')
      FROM test_runs r JOIN seed_c c ON c.id = r.connection_id;`,
  },
  {
    label: "audit: sign-ins, downloads, changes (500,000)",
    sql: `
      INSERT INTO audit_events (created_at, action, actor_email, tenant_id, target_type, target_id, ip, details)
      SELECT now() - random() * interval '365 days', a.action, 'admin-' || c.tn || '@' || c.slug || '.example', c.tenant_id,
             a.target_type, CASE WHEN a.target_type = 'connection' THEN c.id::text ELSE md5(g::text) END,
             '203.0.113.' || (1 + g % 250),
             CASE WHEN a.target_type = 'connection' THEN '{}'::jsonb
                  WHEN a.action LIKE 'certificate.%' THEN jsonb_build_object('connectionId', c.id)
                  ELSE '{}'::jsonb END
      FROM generate_series(1, 500000) g
      JOIN seed_c c ON c.n = 1 + (g::bigint * 7919) % 20000
      CROSS JOIN LATERAL (
        SELECT (ARRAY['auth.sign_in','auth.sign_in','auth.sign_in','auth.sign_in_failed','certificate.downloaded','certificate.downloaded',
                      'connection.updated','checklist.updated','certificate.generated','connection.created'])[1 + g % 10] AS action
      ) act
      CROSS JOIN LATERAL (
        SELECT act.action, CASE WHEN act.action LIKE 'auth.%' THEN 'user' WHEN act.action LIKE 'certificate.%' THEN 'certificate' ELSE 'connection' END AS target_type
      ) a;`,
  },
];

export const SEED_TOTALS = `
  SELECT (SELECT count(*)::int FROM tenants) AS tenants, (SELECT count(*)::int FROM connections) AS connections,
         (SELECT count(*)::int FROM test_runs) AS test_runs, (SELECT count(*)::int FROM audit_events) AS audit_events`;
