import { isIpLiteralHost } from "./ip-policy";
import { isExtraOrigin } from "./test-origins";

export type SalesforceEnvironment = "production" | "sandbox";

export type ParsedInstanceUrl =
  | { ok: true; url: string; host: string; environment: SalesforceEnvironment }
  | { ok: false; message: string; suggestion?: string };

const NAME = "[a-z0-9](?:[a-z0-9-]*[a-z0-9])?";
const SANDBOX_NAME = "[a-z0-9](?:[a-z0-9-]*[a-z0-9])?--[a-z0-9](?:[a-z0-9-]*[a-z0-9])?";

type HostRule = { pattern: RegExp; environment: (host: string) => SalesforceEnvironment };
const production = () => "production" as const;
const sandbox = () => "sandbox" as const;
// Legacy (non-enhanced) sandbox My Domains are <name>--<sandbox>.my.…: the "--" counts only inside the first
// label, and not as the "xn--" prefix of an internationalised (punycode) name.
const legacySandbox = (host: string): SalesforceEnvironment =>
  (host.split(".")[0] ?? "").replace(/^xn--/, "").includes("--") ? "sandbox" : "production";

// Doc §6: the only host shapes a real org has.
const HOST_RULES: HostRule[] = [
  { pattern: /^login\.salesforce\.com$/, environment: production },
  { pattern: /^test\.salesforce\.com$/, environment: sandbox },
  { pattern: new RegExp(`^${NAME}\\.my\\.salesforce\\.com$`), environment: legacySandbox },
  { pattern: new RegExp(`^${SANDBOX_NAME}\\.sandbox\\.my\\.salesforce\\.com$`), environment: sandbox },
  // Scratch orgs log in through test.salesforce.com like sandboxes do.
  { pattern: new RegExp(`^${NAME}\\.scratch\\.my\\.salesforce\\.com$`), environment: sandbox },
  {
    pattern: new RegExp(`^${NAME}\\.(?:develop|demo|patch|trailblaze)\\.my\\.salesforce\\.com$`),
    environment: production,
  },
  { pattern: new RegExp(`^${NAME}\\.my\\.salesforce\\.mil$`), environment: legacySandbox },
  { pattern: new RegExp(`^${SANDBOX_NAME}\\.sandbox\\.my\\.salesforce\\.mil$`), environment: sandbox },
  { pattern: new RegExp(`^${NAME}\\.my\\.sfcrmproducts\\.cn$`), environment: legacySandbox },
  { pattern: new RegExp(`^${SANDBOX_NAME}\\.sandbox\\.my\\.sfcrmproducts\\.cn$`), environment: sandbox },
  { pattern: new RegExp(`^${NAME}\\.my-salesforce\\.com$`), environment: legacySandbox },
];

// Domains people copy from the browser, mapped to the My Domain they belong to.
const LOOKALIKE_SUFFIXES: [string, string][] = [
  [".lightning.force.com", ".my.salesforce.com"],
  [".lightning.crmforce.mil", ".my.salesforce.mil"],
  [".my.salesforce-setup.com", ".my.salesforce.com"],
  // Experience Cloud sites and Salesforce Sites live beside the org, under its My Domain name.
  [".my.site.com", ".my.salesforce.com"],
  [".my.salesforce-sites.com", ".my.salesforce.com"],
  // Alibaba Cloud (China) and the my-salesforce.com domains have Lightning twins of their own.
  [".lightning.sfcrmapps.cn", ".my.sfcrmproducts.cn"],
  [".my-lightning.com", ".my-salesforce.com"],
];

// The shared login hosts: a token endpoint and an audience, never an org's own instance.
const LOGIN_HOSTS = new Set([
  "login.salesforce.com",
  "test.salesforce.com",
  "login.salesforce.mil",
  "test.salesforce.mil",
]);

const MY_DOMAIN_HINT =
  "Use the Current My Domain URL from Setup → My Domain, for example https://yourcompany.my.salesforce.com (a sandbox looks like https://yourcompany--dev.sandbox.my.salesforce.com).";

function findRule(host: string): HostRule | undefined {
  if (host.length > 253 || host.split(".").some((label) => label.length === 0 || label.length > 63)) return undefined;
  if (isIpLiteralHost(host)) return undefined;
  return HOST_RULES.find((rule) => rule.pattern.test(host));
}

/** True when the lower-cased host is one a real Salesforce org uses (docs/salesforce.md §4). */
export function isAllowedSalesforceHost(host: string): boolean {
  return findRule(host.toLowerCase()) !== undefined;
}

/** Production or sandbox, judged from the host alone; unknown hosts count as production. */
export function detectEnvironment(host: string): SalesforceEnvironment {
  const lower = host.toLowerCase();
  return findRule(lower)?.environment(lower) ?? "production";
}

/** True for the shared login hosts, which are never an org's own instance. */
export function isLoginHost(host: string): boolean {
  return LOGIN_HOSTS.has(host.toLowerCase());
}

/**
 * Orgs whose assertion must never go to the commercial login.salesforce.com / test.salesforce.com: Government Cloud
 * Plus (.mil) and Alibaba Cloud (.cn). Posting it there cannot succeed and is a data-residency problem.
 */
export function isMyDomainOnlyHost(host: string): boolean {
  const lower = host.toLowerCase();
  return lower.endsWith(".mil") || lower.endsWith(".cn");
}

function suggestFor(host: string): string | undefined {
  for (const [from, to] of LOOKALIKE_SUFFIXES) {
    if (!host.endsWith(from)) continue;
    const candidate = host.slice(0, -from.length) + to;
    if (isAllowedSalesforceHost(candidate)) return `https://${candidate}`;
  }
  return undefined;
}

/** Normalises what a customer typed into `https://<host>`, or explains what a valid one looks like. */
export function parseInstanceUrl(input: string, opts: { extraOrigins?: readonly string[] } = {}): ParsedInstanceUrl {
  const trimmed = input.trim();
  if (trimmed === "") return { ok: false, message: `Enter your Salesforce instance URL. ${MY_DOMAIN_HINT}` };
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { ok: false, message: `That is not a valid URL. ${MY_DOMAIN_HINT}` };
  }
  if (isExtraOrigin(url, opts.extraOrigins) && !url.username && !url.password) {
    return { ok: true, url: url.origin, host: url.host, environment: "production" };
  }
  const host = url.hostname.toLowerCase();
  if (url.username || url.password) {
    return { ok: false, message: `The URL must not contain a user name or password. ${MY_DOMAIN_HINT}` };
  }
  if (isIpLiteralHost(host) || host === "localhost" || host.endsWith(".localhost")) {
    return { ok: false, message: `An IP address or local host is not a Salesforce org. ${MY_DOMAIN_HINT}` };
  }
  const suggestion = suggestFor(host);
  if (suggestion) {
    return {
      ok: false,
      message: `That is a Lightning, Setup or Experience Cloud site address, not the My Domain URL. Use ${suggestion} instead.`,
      suggestion,
    };
  }
  if (isLoginHost(host)) {
    return {
      ok: false,
      message: `${host} is Salesforce's shared login page, not your org: the collector downloads event logs from the Instance URL, so it must be your own. ${MY_DOMAIN_HINT}`,
    };
  }
  if (!isAllowedSalesforceHost(host)) {
    return { ok: false, message: `"${host}" is not a Salesforce My Domain host. ${MY_DOMAIN_HINT}` };
  }
  if (url.protocol !== "https:") {
    return { ok: false, message: "Salesforce must be reached over https.", suggestion: `https://${host}` };
  }
  if (url.port !== "") {
    return {
      ok: false,
      message: "Salesforce URLs use the default https port; remove the port.",
      suggestion: `https://${host}`,
    };
  }
  return { ok: true, url: `https://${host}`, host, environment: detectEnvironment(host) };
}
