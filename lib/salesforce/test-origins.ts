// Test-only switches: exact origins (local fakes) that a test setup may reach beside the real Salesforce hosts.

function isLoopbackHostname(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || /^127(?:\.\d{1,3}){3}$/.test(hostname);
}

/**
 * Parses SALESFORCE_EXTRA_ALLOWED_ORIGINS: a comma-separated list of exact origins a test
 * setup may reach (e.g. a fake server). Off when empty; plain http only for loopback.
 */
export function parseExtraOrigins(value: string | undefined): string[] {
  if (!value || value.trim() === "") return [];
  const origins: string[] = [];
  for (const raw of value.split(",")) {
    const entry = raw.trim();
    if (entry === "") continue;
    let url: URL;
    try {
      url = new URL(entry);
    } catch {
      throw new Error(
        `SALESFORCE_EXTRA_ALLOWED_ORIGINS: "${entry}" is not a URL; use an origin like http://127.0.0.1:4010`,
      );
    }
    const problem =
      url.protocol !== "https:" && url.protocol !== "http:"
        ? "must use http or https"
        : url.username || url.password
          ? "must not contain a user name or password"
          : (url.pathname !== "/" && url.pathname !== "") ||
              url.search ||
              url.hash ||
              entry.replace(/\/$/, "").toLowerCase() !== url.origin
            ? "must be an exact origin (scheme://host:port) with no path, query or fragment"
            : url.protocol === "http:" && !isLoopbackHostname(url.hostname)
              ? "may use plain http only for a loopback host (127.0.0.1, [::1], localhost)"
              : null;
    if (problem) throw new Error(`SALESFORCE_EXTRA_ALLOWED_ORIGINS: "${entry}" ${problem}`);
    if (!origins.includes(url.origin)) origins.push(url.origin);
  }
  return origins;
}

/** True when the URL's origin is exactly one of the opted-in test origins. */
export function isExtraOrigin(url: URL, extraOrigins: readonly string[] | undefined): boolean {
  return !!extraOrigins && extraOrigins.length > 0 && extraOrigins.includes(url.origin);
}

type TestLoginOrigins = { login: string; test: string };

/**
 * Parses SALESFORCE_TEST_LOGIN_ORIGINS ("login=http://127.0.0.1:A,test=http://127.0.0.1:B"): local fakes that stand in
 * for https://login.salesforce.com and https://test.salesforce.com as token hosts (the audiences stay the real
 * URLs). Test-only, like SALESFORCE_EXTRA_ALLOWED_ORIGINS, and each origin must also be listed there.
 */
export function parseTestLoginOrigins(
  value: string | undefined,
  extraOrigins: readonly string[],
): TestLoginOrigins | null {
  if (!value || value.trim() === "") return null;
  const found: Partial<TestLoginOrigins> = {};
  for (const raw of value.split(",")) {
    const entry = raw.trim();
    const m = /^(login|test)=(.+)$/.exec(entry);
    if (!m)
      throw new Error(
        `SALESFORCE_TEST_LOGIN_ORIGINS: "${entry}" must look like login=http://127.0.0.1:4011 or test=http://127.0.0.1:4012`,
      );
    const [, name, origin] = m as unknown as [string, "login" | "test", string];
    const normalised = origin.replace(/\/$/, "").toLowerCase();
    if (!extraOrigins.includes(normalised)) {
      throw new Error(
        `SALESFORCE_TEST_LOGIN_ORIGINS: ${normalised} must also be listed in SALESFORCE_EXTRA_ALLOWED_ORIGINS`,
      );
    }
    found[name] = normalised;
  }
  if (!found.login || !found.test)
    throw new Error("SALESFORCE_TEST_LOGIN_ORIGINS must name both login= and test= origins");
  return { login: found.login, test: found.test };
}
