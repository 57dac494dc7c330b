import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

// What the production build is made from: when any of it changes, `npm start` builds again.
const INPUTS = [
  "app",
  "components",
  "lib",
  "public",
  "next.config.js",
  "postcss.config.mjs",
  "package-lock.json",
  "prisma/schema.prisma",
  "instrumentation.ts",
  "instrumentation-node.ts",
];
const SKIP = new Set(["generated", "node_modules"]);

export function sourceFingerprint(root: string): string {
  const hash = createHash("sha256");
  const visit = (relative: string) => {
    const full = path.join(root, relative);
    let stat;
    try {
      stat = statSync(full);
    } catch {
      return;
    }
    if (stat.isDirectory()) {
      for (const name of readdirSync(full).sort()) if (!SKIP.has(name)) visit(path.join(relative, name));
      return;
    }
    hash.update(relative).update("\0").update(readFileSync(full)).update("\0");
  };
  INPUTS.forEach(visit);
  return hash.digest("hex");
}

export function stampFile(root: string): string {
  return path.join(root, process.env.NEXT_DIST_DIR || ".next", "portal-source.sha256");
}

// `npm run build` stamps the build it just made, so `npm start` does not build it again.
if (
  process.argv[1] &&
  path.resolve(process.argv[1]) === path.resolve(import.meta.filename) &&
  process.argv.includes("--write")
) {
  const root = path.resolve(import.meta.dirname, "..");
  writeFileSync(stampFile(root), `${sourceFingerprint(root)}\n`);
}
