import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

// Every page.tsx and route.ts under app/, as the URL pattern Next serves it at: route groups "(x)" vanish,
// dynamic segments stay as written ("[id]"), so a table keyed by pattern notices any new file.

export type DiscoveredRoute = { pattern: string; kind: "page" | "api"; file: string; methods: string[] };

const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

export function discoverRoutes(appDir: string): DiscoveredRoute[] {
  const found: DiscoveredRoute[] = [];
  const walk = (dir: string, segments: string[]) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        // Private folders (_x) are not routes; groups (x) and parallel slots (@x) add no URL segment.
        if (entry.name.startsWith("_")) continue;
        const urlSegment = /^\(.*\)$/.test(entry.name) || entry.name.startsWith("@") ? [] : [entry.name];
        walk(full, [...segments, ...urlSegment]);
        continue;
      }
      const kind = /^page\.(tsx|ts|jsx|js|mdx)$/.test(entry.name)
        ? "page"
        : /^route\.(ts|js)$/.test(entry.name)
          ? "api"
          : null;
      if (!kind) continue;
      const source = readFileSync(full, "utf8");
      const methods =
        kind === "page"
          ? ["GET"]
          : HTTP_METHODS.filter((m) =>
              new RegExp(
                `export\\s+(async\\s+)?function\\s+${m}\\b|export\\s+const\\s+${m}\\b|export\\s*\\{[^}]*\\b${m}\\b`,
              ).test(source),
            );
      found.push({ pattern: `/${segments.join("/")}`, kind, file: path.relative(path.dirname(appDir), full), methods });
    }
  };
  walk(appDir, []);
  return found.sort((a, b) => a.pattern.localeCompare(b.pattern));
}
