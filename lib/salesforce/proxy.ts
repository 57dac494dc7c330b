// Egress proxy configuration (HTTPS_PROXY, NO_PROXY): parsing and NO_PROXY matching, no I/O.

export type ProxyConfig = {
  host: string;
  port: number;
  /** host:port of the proxy, without credentials: the only form that may appear in a message or a log. */
  label: string;
  /** NO_PROXY entries, lower-cased: "*", a domain (matches itself and its subdomains), optionally with ":port". */
  noProxy: readonly string[];
  /** "Basic …" for Proxy-Authorization when the URL had userinfo; non-enumerable so a logged config does not show it. */
  readonly authorization?: string;
};

class ProxyConfigError extends Error {
  override name = "ProxyConfigError";
}

const PROXY_URL_HINT = "must be an http:// URL with a host and an optional port, e.g. http://proxy.example.com:3128";

/** Parses an HTTPS_PROXY value; messages name the variable and never echo the value (it may hold a password). */
export function parseProxyUrl(value: string, variable = "HTTPS_PROXY"): Omit<ProxyConfig, "noProxy"> {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new ProxyConfigError(`${variable} ${PROXY_URL_HINT}`);
  }
  const problem =
    url.protocol !== "http:"
      ? `${PROXY_URL_HINT} (an https:// or socks proxy is not supported)`
      : url.hostname === ""
        ? PROXY_URL_HINT
        : (url.pathname !== "/" && url.pathname !== "") || url.search || url.hash
          ? `${PROXY_URL_HINT}, without a path, query or fragment`
          : null;
  if (problem) throw new ProxyConfigError(`${variable} ${problem}`);
  const host = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  const port = url.port === "" ? 80 : Number(url.port);
  const config = { host, port, label: `${url.hostname}:${port}` };
  if (!url.username && !url.password) return config;
  let credentials: string;
  try {
    credentials = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  } catch {
    throw new ProxyConfigError(`${variable} has a user name or password that is not valid percent-encoding`);
  }
  return Object.defineProperty(config, "authorization", {
    value: `Basic ${Buffer.from(credentials, "utf8").toString("base64")}`,
    enumerable: false,
  });
}

/** Splits a NO_PROXY value (commas or spaces) into lower-cased entries; a leading "*." or "." is dropped. */
export function parseNoProxy(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split(/[\s,]+/)
    .map((entry) => entry.trim().toLowerCase())
    .map((entry) => (entry === "*" ? entry : entry.replace(/^\*?\./, "")))
    .filter((entry) => entry !== "");
}

/** True when NO_PROXY says this URL goes direct: "*", the host itself, or a parent domain; ":port" must then match too. */
export function isExcludedFromProxy(noProxy: readonly string[], url: URL): boolean {
  const host = url.hostname.toLowerCase().replace(/\.$/, "");
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  return noProxy.some((entry) => {
    if (entry === "*") return true;
    const withPort = /^(.*[^:]):(\d+)$/.exec(entry);
    // An IPv6 literal without brackets has many colons and no port.
    const [domain, entryPort] =
      withPort && !withPort[1]?.includes(":") ? [withPort[1] ?? "", withPort[2]] : [entry, undefined];
    if (entryPort !== undefined && entryPort !== port) return false;
    const bare = domain.replace(/\.$/, "");
    return bare !== "" && (host === bare || host.endsWith(`.${bare}`));
  });
}

/** HTTPS_PROXY (or https_proxy) and NO_PROXY (or no_proxy) from an environment; null when no proxy is set. */
export function proxyFromEnv(source: Record<string, string | undefined>): ProxyConfig | null {
  const [variable, value] = source.HTTPS_PROXY
    ? ["HTTPS_PROXY", source.HTTPS_PROXY]
    : ["https_proxy", source.https_proxy];
  if (!value || value.trim() === "") return null;
  const proxy = parseProxyUrl(value, variable);
  const noProxy = parseNoProxy(source.NO_PROXY || source.no_proxy);
  // Spread would drop the non-enumerable credentials, so add to the parsed object instead.
  return Object.assign(proxy, { noProxy });
}
