import { XMLParser } from "fast-xml-parser";
import JSZip from "jszip";
import type { FakeApp, FakeState } from "./state";

// A minimal Metadata API deploy of the portal's External Client App bundle: it reads the SFDX project the way the
// org would take it and registers the app (consumer key, certificate, pre-authorising permission set). Only what the
// token endpoint needs is modelled; anything the org would refuse for this flow is refused with Salesforce's words.

/** The text files of a zip, by path (read with JSZip, as Salesforce's own tooling does). */
export async function readZip(zip: Buffer): Promise<Map<string, string>> {
  let archive: JSZip;
  try {
    archive = await JSZip.loadAsync(zip);
  } catch (error) {
    throw new Error(`not a zip file: ${(error as Error).message}`);
  }
  const files = new Map<string, string>();
  for (const entry of Object.values(archive.files)) if (!entry.dir) files.set(entry.name, await entry.async("string"));
  return files;
}

const parser = new XMLParser({ parseTagValue: false, isArray: (name) => name === "userPermissions" });

type Doc = Record<string, unknown>;

function component(files: Map<string, string>, suffix: string, root: string): { name: string; doc: Doc }[] {
  const found: { name: string; doc: Doc }[] = [];
  for (const [path, content] of files) {
    if (!path.endsWith(`.${suffix}-meta.xml`)) continue;
    const parsed = parser.parse(content) as Record<string, Doc>;
    const doc = parsed[root];
    if (!doc) throw new Error(`${path}: expected a ${root} element`);
    found.push({ name: path.split("/").pop()!.slice(0, -`.${suffix}-meta.xml`.length), doc });
  }
  return found;
}

function one(files: Map<string, string>, suffix: string, root: string) {
  const list = component(files, suffix, root);
  if (list.length !== 1) throw new Error(`expected one ${root}, found ${list.length}`);
  return list[0]!;
}

export type DeployResult = { status: "Succeeded"; app: string; consumerKey: string; permissionSet: string };

/** Deploys the bundle's files; `audiences` are the aud values the new app accepts (the org's hosts). */
export function deployBundle(state: FakeState, files: Map<string, string>, audiences: string[]): DeployResult {
  const eca = one(files, "eca", "ExternalClientApplication");
  const global = one(files, "ecaGlblOauth", "ExtlClntAppGlobalOauthSettings").doc;
  const policies = one(files, "ecaOauthPlcy", "ExtlClntAppOauthConfigurablePolicies").doc;
  const plugins = one(files, "ecaPlcy", "ExtlClntAppConfigurablePolicies").doc;
  one(files, "ecaOauth", "ExtlClntAppOauthSettings");
  for (const [what, doc] of [
    ["global OAuth settings", global],
    ["OAuth policies", policies],
    ["policies", plugins],
  ] as const) {
    if (doc.externalClientApplication !== eca.name)
      throw new Error(`The ${what} name ${String(doc.externalClientApplication)}, not the app ${eca.name}.`);
  }
  const consumerKey = String(global.consumerKey ?? "");
  const certificatePem = String(global.certificate ?? "");
  if (!certificatePem.includes("BEGIN CERTIFICATE")) throw new Error("The JWT bearer flow needs a certificate.");
  const taken = state.apps.find((a) => a.clientId === consumerKey && a.deployedAs !== eca.name);
  if (taken) throw new Error("Consumer key already exists. Use a different consumer key.");
  if (plugins.isEnabled !== "true" || plugins.isOauthPluginEnabled !== "true")
    throw new Error("The OAuth plugin is disabled: no token can be issued.");
  if (policies.permittedUsersPolicyType !== "AdminApprovedPreAuthorized")
    throw new Error("The bundle must pre-authorise its users (AdminApprovedPreAuthorized).");
  const permissionSet = String(policies.commaSeparatedPermissionSet ?? "");
  const permset = component(files, "permissionset", "PermissionSet").find((p) => p.name === permissionSet);
  if (!permset) throw new Error(`Permission set ${permissionSet} is neither in the bundle nor in the org.`);
  const enabled = new Set(
    ((permset.doc.userPermissions as { name: string; enabled: string }[] | undefined) ?? [])
      .filter((p) => p.enabled === "true")
      .map((p) => p.name),
  );
  const app: FakeApp = {
    clientId: consumerKey,
    certificatePem,
    usernames: [],
    acceptedAudiences: audiences,
    permissionSet,
    deployedAs: eca.name,
    restAccess: enabled.has("ApiEnabled") ? "ok" : "forbidden",
    eventLogs: enabled.has("ViewEventLogFiles") ? "ok" : "invalid_type",
    setupAuditTrail: enabled.has("ViewSetup"),
  };
  state.addApp(app);
  return { status: "Succeeded", app: eca.name, consumerKey, permissionSet };
}
