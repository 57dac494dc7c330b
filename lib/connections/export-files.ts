import "server-only";
import { buildJks } from "@/lib/crypto/jks";
import { buildPkcs12 } from "@/lib/crypto/keystores";
import { buildCollectorBundle, collectorReadme } from "./collector-bundle";
import { collectorFilesFor } from "./collector-source";
import { loadActiveKey, type ActiveKey } from "./key-export";
import type { ExportRequest } from "./schemas";

export type ExportFile = { key: ActiveKey; body: Uint8Array; contentType: string; filename: string };

// The file a web export hands over; `tenantId` null means any tenant (staff holding keys:export).
export async function buildExportFile(
  request: ExportRequest,
  connectionId: string,
  tenantId: string | null,
): Promise<ExportFile> {
  const key = await loadActiveKey(connectionId, tenantId);
  if (request.kind === "pem")
    return {
      key,
      body: Buffer.from(key.privateKeyPem, "utf8"),
      contentType: "application/x-pem-file",
      filename: "server.pem",
    };
  if (request.kind === "pkcs12" || request.kind === "jks") {
    const input = {
      privateKeyPem: key.privateKeyPem,
      certificatePem: key.certificatePem,
      password: request.keystorePassword ?? "",
      alias: (request.alias ?? "").trim(),
    };
    return request.kind === "jks"
      ? { key, body: buildJks(input), contentType: "application/x-java-keystore", filename: "servercert.jks" }
      : { key, body: buildPkcs12(input), contentType: "application/x-pkcs12", filename: "keystore.p12" };
  }
  const files = await collectorFilesFor(connectionId, tenantId, request.keyPath);
  const s = files.settings;
  const readme = collectorReadme({
    connectionName: files.connectionName,
    username: s.username,
    clientId: s.clientId,
    instanceUrl: s.instanceUrl ?? "(run Test connection to learn the org's instance URL)",
    apiVersion: `${s.version}.0`,
    keyPath: s.keyPath,
    tokenHost: s.tokenHost,
    audience: s.audience,
  });
  const zip = await buildCollectorBundle({
    privateKeyPem: key.privateKeyPem,
    certificatePem: key.certificatePem,
    filebeatYml: files.filebeatYml,
    elasticAgentYml: files.elasticAgentYml,
    readme,
  });
  return { key, body: zip, contentType: "application/zip", filename: "collector-bundle.zip" };
}
