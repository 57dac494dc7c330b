import path from "node:path";
import { ZipFile } from "yazl";

export type CollectorBundleFiles = {
  privateKeyPem: string;
  certificatePem: string;
  filebeatYml: string;
  elasticAgentYml: string;
  readme: string;
};

export type CollectorReadmeFields = {
  connectionName: string;
  username: string;
  clientId: string;
  instanceUrl: string;
  apiVersion: string;
  keyPath: string;
  tokenHost: string;
  audience: string;
};

// Regular-file type bits plus permissions, as `ls -l` and `unzip` restore them.
const SECRET_MODE = 0o100600;
const PUBLIC_MODE = 0o100644;

/** A zip of everything the collector host needs; server.pem is stored with mode 0600 so `unzip` restores it private. */
export async function buildCollectorBundle(files: CollectorBundleFiles, mtime: Date = new Date()): Promise<Buffer> {
  const entries: [name: string, content: string, mode: number][] = [
    ["server.pem", files.privateKeyPem, SECRET_MODE],
    ["server.crt", files.certificatePem, PUBLIC_MODE],
    ["filebeat.yml", files.filebeatYml, PUBLIC_MODE],
    ["elastic-agent.yml", files.elasticAgentYml, PUBLIC_MODE],
    ["README.txt", files.readme, PUBLIC_MODE],
  ];
  const zip = new ZipFile();
  for (const [name, content, mode] of entries) zip.addBuffer(Buffer.from(content, "utf8"), name, { mtime, mode });
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

// Single-quoted for sh unless the path is plain, so the commands can be pasted as they are.
function shellPath(value: string): string {
  return /^[\w./-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}

export function collectorReadme(f: CollectorReadmeFields): string {
  const keyDir = path.posix.dirname(f.keyPath);
  const pairNote =
    f.tokenHost === f.audience
      ? "Both configs use this URL as the audience and the token host."
      : `This org needs token host ${f.tokenHost} with audience ${f.audience}. Elastic's salesforce input uses one URL for both, so the configs use the audience; if the collector gets no token, use a collector that takes the token host separately.`;
  return [
    `Salesforce log collector bundle: ${f.connectionName}`,
    "",
    "Files",
    `  server.pem         the private key of this connection. Keep it secret: it signs in to Salesforce as ${f.username}.`,
    "  server.crt         the certificate uploaded to the External Client App (public).",
    "  filebeat.yml       the Filebeat salesforce input.",
    "  elastic-agent.yml  the Elastic Agent Salesforce integration settings.",
    "  README.txt         this file.",
    "",
    "1. Put the private key in place, readable only by the collector (mode 0600):",
    "",
    `     install -d -m 700 ${shellPath(keyDir)}`,
    `     install -m 600 server.pem ${shellPath(f.keyPath)}`,
    "",
    "   The packaged Filebeat and Elastic Agent services run as root; if yours runs as another user, chown the file to that user.",
    "   Then delete the other copies of server.pem (this zip, the unpacked folder).",
    "",
    `2. filebeat.yml (client.key_path) and elastic-agent.yml (client_key_path) already point at ${f.keyPath}.`,
    "   If you put the key somewhere else, change that path in the file you use.",
    "",
    "3. The five fields the collector needs:",
    "",
    `   Path of server.pem:   ${f.keyPath}`,
    `   Salesforce username:  ${f.username}`,
    `   Client ID:            ${f.clientId}`,
    `   Instance URL:         ${f.instanceUrl}`,
    `   API version:          ${f.apiVersion}`,
    "",
    `   JWT audience: ${f.audience}`,
    `   Token host:   ${f.tokenHost}`,
    `   ${pairNote}`,
    "",
  ].join("\n");
}
