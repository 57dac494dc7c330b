// `npm test` step (issue #11): a first-time self-hoster who is root, with the checkout in a private folder (mode 700,
// like /root). A clone of this checkout goes into such a folder and `npm run db:migrate` runs there twice: the
// embedded PostgreSQL must start with no manual step, saying in one line where it put what the postgres user needs,
// and start again from there. Not root: nothing to prove (PostgreSQL then runs as the invoking user), said so.
import { spawnSync } from "node:child_process";
import { chmodSync, cpSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");

if (process.getuid?.() !== 0) {
  console.log(
    "Not running as root: the embedded PostgreSQL runs as this user, so there is no root first start to check.",
  );
  process.exit(0);
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

const home = mkdtempSync(path.join(os.tmpdir(), "root-home-"));
chmodSync(home, 0o700);
const runtime = mkdtempSync(path.join(os.tmpdir(), "root-runtime-"));
const checkout = path.join(home, "portal");
let failed = false;
try {
  const clone = spawnSync("git", ["clone", "--quiet", "--local", root, checkout], { stdio: "inherit" });
  if (clone.status !== 0) throw new Error("git clone failed");
  // The installed packages and the generated Prisma client, hard-linked: their folders are new, under mode 700.
  const link = spawnSync("cp", ["-al", path.join(root, "node_modules"), path.join(checkout, "node_modules")]);
  if (link.status !== 0) throw new Error("could not link node_modules into the clone");
  cpSync(path.join(root, "lib/db/generated"), path.join(checkout, "lib/db/generated"), { recursive: true });
  const port = await freePort();
  for (const round of ["first start", "second start"]) {
    const run = spawnSync(
      process.execPath,
      ["node_modules/tsx/dist/cli.mjs", "--conditions=react-server", "scripts/db-migrate.ts"],
      {
        cwd: checkout,
        encoding: "utf8",
        env: {
          ...process.env,
          DATABASE_URL: "",
          PORTAL_DATA_DIR: "",
          PORTAL_EMBEDDED_PG_PORT: String(port),
          PORTAL_ROOT_RUNTIME_DIR: runtime,
          PORTAL_LOG_FORMAT: "json",
        },
      },
    );
    const output = `${run.stdout}${run.stderr}`;
    const notice = output.split("\n").find((line) => line.includes("the postgres user cannot enter"));
    console.log(`${round}: exit ${run.status}${notice ? `; ${JSON.parse(notice).msg as string}` : ""}`);
    if (run.status !== 0 || !notice || !notice.includes(runtime)) {
      console.error(output.slice(-4000));
      throw new Error(`${round} as root in ${home} (mode 700) did not succeed with its notice`);
    }
  }
  console.log(`The embedded PostgreSQL started twice as root from a mode-700 folder, without a manual step.`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  failed = true;
} finally {
  rmSync(home, { recursive: true, force: true });
  rmSync(runtime, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
