import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, type APIRequestContext, type Page } from "@playwright/test";

export type ExportKind = "pem" | "pkcs12" | "jks" | "bundle";

// The hand-off panel's download: password re-entered, reason given; returns the saved file's path.
export async function downloadFromPanel(page: Page, button: string, password: string, reason: string): Promise<string> {
  const panel = page.getByRole("form", { name: "Export the private key" });
  await panel.getByLabel("Your account password").fill(password);
  await panel.getByLabel("Reason for the export").fill(reason);
  const download = page.waitForEvent("download");
  await panel.getByRole("button", { name: button }).click();
  const file = await download;
  const target = path.join(mkdtempSync(path.join(tmpdir(), "handoff-")), file.suggestedFilename());
  await file.saveAs(target);
  await expect(panel.getByRole("status")).toContainText(`Downloaded ${file.suggestedFilename()}`);
  return target;
}

// The export route called directly, as a plain HTML form post would.
export function postExport(
  request: APIRequestContext,
  connectionId: string,
  kind: ExportKind,
  accountPassword: string,
) {
  return request.post(`/api/connections/${connectionId}/exports`, {
    form: { kind, accountPassword, reason: "Checking who may export", keystorePassword: "changeit", alias: "jwt_key" },
    maxRedirects: 0,
  });
}

/** Unzips with Info-ZIP (as a collector host would) and returns the folder, the names and each file's mode. */
export function unzipBundle(zip: string): {
  dir: string;
  names: string[];
  modes: Record<string, number>;
  listing: string;
} {
  const dir = mkdtempSync(path.join(tmpdir(), "handoff-unzip-"));
  execFileSync("unzip", ["-q", zip, "-d", dir]);
  const names = readdirSync(dir).sort();
  const modes = Object.fromEntries(names.map((n) => [n, statSync(path.join(dir, n)).mode & 0o777]));
  return { dir, names, modes, listing: execFileSync("zipinfo", [zip], { encoding: "utf8" }) };
}

/** The SubjectPublicKeyInfo (PEM) of a private key file and of a certificate, from openssl. */
export function publicKeys(keyFile: string, certFile: string): { fromKey: string; fromCert: string } {
  return {
    fromKey: execFileSync("openssl", ["pkey", "-in", keyFile, "-pubout"], { encoding: "utf8" }),
    fromCert: execFileSync("openssl", ["x509", "-in", certFile, "-noout", "-pubkey"], { encoding: "utf8" }),
  };
}
