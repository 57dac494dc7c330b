// The collector's settings for a connection that has passed Test connection (doc §8: Filebeat / Elastic Agent).
export type CollectorConnection = {
  instanceUrl: string | null;
  username: string | null;
  clientId: string | null;
  apiVersion: string | null;
  tokenHost: string | null;
  audience: string | null;
};

export type CollectorConfig = { filebeat: string; agent: string; warning: string | null };

const KEY_PATH = "/etc/filebeat/salesforce/server.pem";

export function collectorConfig(c: CollectorConnection, testedApiVersion: string | null): CollectorConfig | null {
  if (!c.instanceUrl || !c.username || !c.clientId || !c.tokenHost || !c.audience) return null;
  const version = Math.trunc(Number(c.apiVersion ?? testedApiVersion ?? "0")) || 62;
  // Elastic uses one URL as both the token host and the audience; a mixed pair cannot be expressed there.
  const warning =
    c.tokenHost !== c.audience
      ? `This org needs token host ${c.tokenHost} with audience ${c.audience}. Elastic's salesforce input uses one URL for both, so set it to ${c.audience} and confirm with a test, or use a collector that takes them separately.`
      : null;
  const filebeat = [
    "- type: salesforce",
    `  url: ${c.instanceUrl}`,
    `  version: ${version}`,
    "  auth.oauth2.jwt_bearer_flow:",
    "    enabled: true",
    `    client.id: ${c.clientId}`,
    `    client.username: ${c.username}`,
    `    client.key_path: ${KEY_PATH}  # this connection's private key, mode 0600`,
    `    url: ${c.audience}`,
  ].join("\n");
  const agent = [
    `instance_url: ${c.instanceUrl}`,
    "jwt_enabled: true",
    `username: ${c.username}`,
    `client_id: ${c.clientId}`,
    `client_key_path: ${KEY_PATH}`,
    `jwt_url: ${c.audience}`,
    `api_version: ${version}.0`,
  ].join("\n");
  return { filebeat, agent, warning };
}
