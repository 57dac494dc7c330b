import "server-only";
import { generateKeyPair, type KeyObject } from "node:crypto";
import { availableParallelism } from "node:os";
import { promisify } from "node:util";
import { FairQueue } from "@/lib/limits/fair-queue";

const generateKeyPairAsync = promisify(generateKeyPair);

// RSA prime search runs on libuv's small thread pool (4 threads) and on the CPU cores. Unbounded, a burst of
// generations starves the file-system work every other request needs; leave a core for them. Tenants take turns
// (one tenant's RSA-4096 cannot hold everyone else back for more than its own turn), and the key pool's refill
// (owner null) only runs when no customer waits.
const keygen = new FairQueue(Math.max(1, availableParallelism() - 1));

/** A fresh RSA private key: native, off the event loop (forge's JS prime search would block the server). */
export function generateRsaKey(owner: string | null, modulusLength: number): Promise<KeyObject> {
  return keygen.run(owner, async () => {
    const { privateKey } = await generateKeyPairAsync("rsa", { modulusLength, publicExponent: 0x10001 });
    return privateKey;
  });
}
