import { randomInt } from "node:crypto";
import { ZipFile } from "yazl";
import { apiNameProblem, ECA_OAUTH_SCOPES, myDomainCallbackUrl, type IpRelaxationPolicy } from "./eca-names";

// The Salesforce side as an SFDX project: an External Client App with the JWT bearer flow (the connection's
// certificate), a consumer key the portal chose, pre-authorised users by a permission set, and that permission set.
// Deployed by the customer's admin with `sf project deploy start`. Field names follow the Metadata API reference
// (ExternalClientApplication and the ExtlClntApp* types, API 60.0+); the folders and suffixes follow
// @salesforce/source-deploy-retrieve's registry.

const MIN_ECA_API_VERSION = "60.0";
// Consumer keys Salesforce issues use letters, digits, "." and "_"; letters and digits alone are a safe subset that
// needs no escaping anywhere (URLs, shells, YAML). 48 characters: 285 bits, above the 32-character minimum.
const CONSUMER_KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
export const CONSUMER_KEY_LENGTH = 48;

export function generateConsumerKey(): string {
  let key = "";
  // randomInt draws without modulo bias.
  for (let i = 0; i < CONSUMER_KEY_LENGTH; i++) key += CONSUMER_KEY_ALPHABET[randomInt(CONSUMER_KEY_ALPHABET.length)];
  return key;
}

/** A key this bundle may carry: at least 32 characters, letters, digits, "." or "_" (what Salesforce issues itself). */
export function isBundleConsumerKey(value: string): boolean {
  return /^[A-Za-z0-9._]{32,255}$/.test(value);
}

/** The connection's API version for sourceApiVersion, raised to 60.0: the External Client App types need it. */
export function bundleApiVersion(apiVersion: string | null | undefined): string {
  const n = Number.parseFloat(apiVersion ?? "");
  if (!Number.isFinite(n) || n < Number.parseFloat(MIN_ECA_API_VERSION)) return MIN_ECA_API_VERSION;
  return n.toFixed(1);
}

export type EcaBundleInput = {
  appName: string;
  label: string;
  contactEmail: string;
  apiVersion: string;
  myDomainUrl: string;
  certificatePem: string;
  consumerKey: string;
  ipRelaxation: IpRelaxationPolicy;
  setupAuditTrail: boolean;
};

/** The one escaping function for every value that reaches the XML: text and attribute-safe. */
function xmlEscape(value: string): string {
  return value
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&apos;");
}

type Element = [name: string, value: string | boolean | Element[]];

function renderElements(elements: Element[], indent: string): string {
  return elements
    .map(([name, value]) =>
      Array.isArray(value)
        ? `${indent}<${name}>\n${renderElements(value, `${indent}    `)}\n${indent}</${name}>`
        : `${indent}<${name}>${xmlEscape(String(value))}</${name}>`,
    )
    .join("\n");
}

function metadataXml(root: string, elements: Element[]): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<${root} xmlns="http://soap.sforce.com/2006/04/metadata">`,
    renderElements(elements, "    "),
    `</${root}>`,
    "",
  ].join("\n");
}

export type BundleFile = { path: string; content: string };

/** The project's files, in a stable order; paths are relative to the project root. */
export function ecaBundleFiles(input: EcaBundleInput): BundleFile[] {
  const app = input.appName;
  const problem = apiNameProblem(app);
  if (problem) throw new Error(problem);
  if (!isBundleConsumerKey(input.consumerKey))
    throw new Error("The consumer key must be at least 32 letters or digits.");
  const version = bundleApiVersion(input.apiVersion);
  const myDomain = input.myDomainUrl.replace(/\/+$/, "");
  const permset = collectorPermissionSet(app);
  const base = "force-app/main/default";
  const members: [type: string, member: string][] = [
    ["ExternalClientApplication", app],
    ["ExtlClntAppConfigurablePolicies", `${app}_plcy`],
    ["ExtlClntAppGlobalOauthSettings", `${app}_glbloauth`],
    ["ExtlClntAppOauthConfigurablePolicies", `${app}_oauthPlcy`],
    ["ExtlClntAppOauthSettings", `${app}_oauth`],
    ["PermissionSet", permset],
  ];
  const userPermissions: Element[] = [
    "ApiEnabled",
    "ViewEventLogFiles",
    ...(input.setupAuditTrail ? ["ViewSetup"] : []),
  ]
    .sort()
    .map((name) => [
      "userPermissions",
      [
        ["enabled", true],
        ["name", name],
      ],
    ]);
  return [
    {
      path: "sfdx-project.json",
      content: `${JSON.stringify(
        {
          packageDirectories: [{ path: "force-app", default: true }],
          name: app,
          namespace: "",
          sfdcLoginUrl: myDomain,
          sourceApiVersion: version,
        },
        null,
        2,
      )}\n`,
    },
    {
      path: "manifest/package.xml",
      content: metadataXml("Package", [
        ...members.map(([type, member]): Element => [
          "types",
          [
            ["members", member],
            ["name", type],
          ],
        ]),
        ["version", version],
      ]),
    },
    {
      path: `${base}/externalClientApps/${app}.eca-meta.xml`,
      content: metadataXml("ExternalClientApplication", [
        ["contactEmail", input.contactEmail],
        ["description", "Reads Salesforce event log files with the JWT bearer flow (made by the onboarding portal)."],
        ["distributionState", "Local"],
        ["isProtected", false],
        ["label", input.label],
      ]),
    },
    {
      path: `${base}/extlClntAppOauthSettings/${app}_oauth.ecaOauth-meta.xml`,
      content: metadataXml("ExtlClntAppOauthSettings", [
        ["commaSeparatedOauthScopes", ECA_OAUTH_SCOPES.join(", ")],
        ["externalClientApplication", app],
        ["label", input.label],
      ]),
    },
    {
      path: `${base}/extlClntAppGlobalOauthSets/${app}_glbloauth.ecaGlblOauth-meta.xml`,
      // JWT bearer only: the certificate turns it on. No web-server flow is used, so PKCE is not required and the
      // consumer secret stays required (isConsumerSecretOptional false); every other flow stays off.
      content: metadataXml("ExtlClntAppGlobalOauthSettings", [
        ["callbackUrl", myDomainCallbackUrl(myDomain)],
        ["certificate", input.certificatePem.trim()],
        ["consumerKey", input.consumerKey],
        ["externalClientApplication", app],
        ["isClientCredentialsFlowEnabled", false],
        ["isConsumerSecretOptional", false],
        ["isIntrospectAllTokens", false],
        ["isPkceRequired", false],
        ["isSecretRequiredForRefreshToken", true],
        ["label", input.label],
      ]),
    },
    {
      path: `${base}/extlClntAppOauthPolicies/${app}_oauthPlcy.ecaOauthPlcy-meta.xml`,
      // No session timeout and no refresh-token policy: the 15-minute timeout stays off, the defaults apply.
      content: metadataXml("ExtlClntAppOauthConfigurablePolicies", [
        ["commaSeparatedPermissionSet", permset],
        ["externalClientApplication", app],
        ["ipRelaxationPolicyType", input.ipRelaxation],
        ["isClientCredentialsFlowEnabled", false],
        ["isTokenExchangeFlowEnabled", false],
        ["label", input.label],
        ["permittedUsersPolicyType", "AdminApprovedPreAuthorized"],
      ]),
    },
    {
      path: `${base}/extlClntAppPolicies/${app}_plcy.ecaPlcy-meta.xml`,
      content: metadataXml("ExtlClntAppConfigurablePolicies", [
        ["externalClientApplication", app],
        ["isEnabled", true],
        ["isOauthPluginEnabled", true],
        ["label", input.label],
      ]),
    },
    {
      path: `${base}/permissionsets/${permset}.permissionset-meta.xml`,
      content: metadataXml("PermissionSet", [
        ["description", `Pre-authorises the ${app} External Client App; API access and event log files.`],
        ["hasActivationRequired", false],
        ["label", `${app} Collector`],
        ...userPermissions,
      ]),
    },
    { path: "README.md", content: ecaReadme(input, version, permset) },
  ];
}

/** The commands an admin runs in the unzipped bundle, as its README and the connection page show them. */
export function ecaCliCommands(input: { myDomainUrl: string; appName: string; username?: string | null }) {
  const alias = "portal-org";
  return {
    login: `sf org login web --instance-url ${input.myDomainUrl.replace(/\/+$/, "")} --alias ${alias}`,
    deploy: `sf project deploy start --manifest manifest/package.xml --target-org ${alias}`,
    assign: `sf org assign permset --name ${collectorPermissionSet(input.appName)} --on-behalf-of ${input.username || '"<integration username>"'} --target-org ${alias}`,
  };
}

/** The permission set that pre-authorises the integration user (API Enabled, View Event Log Files). */
function collectorPermissionSet(appName: string): string {
  return `${appName}_Collector`;
}

function ecaReadme(input: EcaBundleInput, version: string, permset: string): string {
  return [
    `# External Client App ${input.appName}`,
    "",
    `An SFDX project (API ${version}) that creates the External Client App the log collector signs in with: the JWT bearer flow with this connection's certificate, consumer key ${input.consumerKey}, and users pre-authorised by the permission set ${permset} (API Enabled, View Event Log Files${input.setupAuditTrail ? ", View Setup and Configuration" : ""}).`,
    "",
    "Needs the Salesforce CLI (`sf`) and a Salesforce admin. In this folder:",
    "",
    "```sh",
    ...Object.values(ecaCliCommands({ myDomainUrl: input.myDomainUrl, appName: input.appName })),
    "```",
    "",
    "Then enter the integration username in the portal and run Test connection. Salesforce takes 2 to 10 minutes to apply a new app: if the test says the client ID is unknown, wait a few minutes and test again.",
    "",
    "The project holds the app's consumer key and certificate (no private key). Keep it out of public repositories.",
    "",
    "## If the deploy says the app or the consumer key already exists",
    "",
    `- \`${input.appName}\` already exists: this bundle was deployed before. Deploying again updates that app; if another app has this name, choose another app name in the portal and download the bundle again.`,
    "- The consumer key already exists: another app in this org holds it (for example one created by hand with the same key). Delete that app in Setup > External Client App Manager, or get a new key: clear the Client ID in the portal, save, and download the bundle again.",
    '- "Allow access to OAuth consumer secrets via Metadata API" or External Client Apps not enabled: turn them on in Setup > External Client App Settings and deploy again.',
    "",
  ].join("\n");
}

/** The project as a zip, every file under one folder named after the app. */
export async function buildEcaBundle(input: EcaBundleInput, mtime: Date = new Date()): Promise<Buffer> {
  const zip = new ZipFile();
  for (const file of ecaBundleFiles(input))
    zip.addBuffer(Buffer.from(file.content, "utf8"), `${input.appName}/${file.path}`, { mtime, mode: 0o100644 });
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}
