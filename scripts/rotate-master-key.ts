// npm run key:rotate [-- --new-key | --drop-retired]
// Re-encrypts every stored private key under the current master key.
// - With PORTAL_MASTER_KEY set: the new key is PORTAL_MASTER_KEY, old ones come from PORTAL_PREVIOUS_MASTER_KEYS.
// - On the embedded default (keys in PORTAL_DATA_DIR): --new-key generates a new master.key and keeps the old one in
//   previous-master.keys (which `npm start` loads). A portal still running seals new keys with the old key until it
//   restarts, so the retired keys stay until --drop-retired, run after every portal has restarted.
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { rename, writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { createDb } from "@/lib/db/client";
import { defaultDataOptions } from "@/lib/db/embedded";
import { openCliDatabase, projectRoot } from "./cli-database";
import { parseMasterKey } from "@/lib/crypto/envelope";
import { masterKeyFile, readRetiredKeys, retiredKeysFile } from "@/lib/crypto/key-files";
import { dropPooledKeysNotUnder } from "@/lib/crypto/key-pool";
import { reencryptPrivateKeys, reencryptWebhookSecrets } from "@/lib/crypto/rotate";
import { envSchema } from "@/lib/env";

const { values } = parseArgs({
  options: { "new-key": { type: "boolean", default: false }, "drop-retired": { type: "boolean", default: false } },
});
const options = defaultDataOptions(projectRoot);
const keyFile = masterKeyFile(options.dataDir);
const previousFile = retiredKeysFile(options.dataDir);
const fromEnv = Boolean(process.env.PORTAL_MASTER_KEY);

if (fromEnv && values["new-key"]) {
  console.error(
    "--new-key manages the key files of the embedded default; with PORTAL_MASTER_KEY set, put the new key there and the old one in PORTAL_PREVIOUS_MASTER_KEYS.",
  );
  process.exit(2);
}
if (values["new-key"] && values["drop-retired"]) {
  console.error(
    "usage: npm run key:rotate [-- --new-key | --drop-retired]. Restart every portal between the two: until then a running portal still seals new keys with the retired one.",
  );
  process.exit(2);
}
if (fromEnv && values["drop-retired"]) {
  console.error(
    "--drop-retired manages previous-master.keys of the embedded default; with PORTAL_MASTER_KEY set, remove PORTAL_PREVIOUS_MASTER_KEYS yourself.",
  );
  process.exit(2);
}
if (!fromEnv && !existsSync(keyFile)) {
  console.error(`No master key: set PORTAL_MASTER_KEY, or start the portal once so it creates ${keyFile}.`);
  process.exit(2);
}

if (values["new-key"]) {
  // Old key first into the previous list, then the new key in place: a crash in between loses nothing.
  await writeFile(
    previousFile,
    `${[...new Set([readFileSync(keyFile, "utf8").trim(), ...readRetiredKeys(options.dataDir)])].join("\n")}\n`,
    { mode: 0o600 },
  );
  await writeFile(`${keyFile}.new`, `${randomBytes(32).toString("base64")}\n`, { mode: 0o600, flag: "wx" });
  await rename(`${keyFile}.new`, keyFile);
  console.log(`Generated a new master key in ${keyFile}; the previous one is kept in ${previousFile}.`);
}

const current = parseMasterKey(fromEnv ? process.env.PORTAL_MASTER_KEY! : readFileSync(keyFile, "utf8").trim());
// The same validation as at start-up, so a malformed list fails here with the same message.
const previousFromEnv = envSchema.shape.PORTAL_PREVIOUS_MASTER_KEYS.safeParse(process.env.PORTAL_PREVIOUS_MASTER_KEYS);
if (fromEnv && !previousFromEnv.success) {
  console.error(`PORTAL_PREVIOUS_MASTER_KEYS ${previousFromEnv.error.issues[0]?.message ?? "is invalid"}.`);
  process.exit(2);
}
const previous = (fromEnv && previousFromEnv.success ? previousFromEnv.data : readRetiredKeys(options.dataDir)).map(
  parseMasterKey,
);
const database = await openCliDatabase();
const db = createDb(database.url);
try {
  const result = await reencryptPrivateKeys(db, current, [current, ...previous]);
  console.log(
    `Master key ${current.id}: re-encrypted ${result.reencrypted} private key(s); ${result.alreadyCurrent} already used it.`,
  );
  // Pre-generated keys are not re-sealed: nobody holds them yet, and the portal makes new ones under the new key.
  const dropped = await dropPooledKeysNotUnder(db, current.id);
  if (dropped > 0)
    console.log(`Discarded ${dropped} pre-generated key(s) of the key pool sealed with an older master key.`);
  const secrets = await reencryptWebhookSecrets(db, current, [current, ...previous]);
  if (secrets.reencrypted > 0) console.log(`Re-encrypted the signing secrets of ${secrets.reencrypted} webhook(s).`);
  for (const f of result.failed) console.error(`  certificate ${f.certificateId}: ${f.reason}`);
  for (const f of secrets.failed) console.error(`  webhook ${f.endpointId}: ${f.reason}`);
  const failures = result.failed.length + secrets.failed.length;
  if (failures > 0) {
    console.error(
      `${failures} key(s) or secret(s) could not be decrypted with any known master key: keep the old keys and investigate.`,
    );
    process.exitCode = 1;
  } else if (values["drop-retired"] && previous.length > 0) {
    await writeFile(previousFile, "", { mode: 0o600 });
    console.log(`Every key now uses ${current.id}; cleared ${previousFile}.`);
  } else if (!fromEnv && previous.length > 0) {
    console.log(
      `Kept the retired key(s) in ${previousFile}: a portal started before this still seals new keys with them. Restart every portal, then run: npm run key:rotate -- --drop-retired`,
    );
  } else if (fromEnv && previous.length > 0) {
    console.log("Every key now uses the new master key: remove PORTAL_PREVIOUS_MASTER_KEYS and restart the portal.");
  }
} finally {
  await db.$disconnect();
  await database.stop();
}
