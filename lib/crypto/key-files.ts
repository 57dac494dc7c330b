import "server-only";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

// The embedded default keeps its master key and the keys retired by `npm run key:rotate -- --new-key` on disk.
export function masterKeyFile(dataDir: string): string {
  return path.join(dataDir, "master.key");
}

export function retiredKeysFile(dataDir: string): string {
  return path.join(dataDir, "previous-master.keys");
}

export function readRetiredKeys(dataDir: string): string[] {
  const file = retiredKeysFile(dataDir);
  return existsSync(file) ? readFileSync(file, "utf8").split(/\s+/).filter(Boolean) : [];
}
