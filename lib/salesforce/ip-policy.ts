import { BlockList, isIP, isIPv4 } from "node:net";

// Addresses a public Salesforce host can never legitimately resolve to.
const blocked = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8], // "this network", includes 0.0.0.0
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // CGNAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local, includes cloud metadata 169.254.169.254
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.88.99.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved and broadcast
] as const) {
  blocked.addSubnet(net, prefix, "ipv4");
}
for (const [net, prefix] of [
  ["::", 128], // unspecified
  ["::1", 128],
  ["::", 96], // IPv4-compatible (deprecated); embedded address is also checked
  ["64:ff9b:1::", 48], // local-use NAT64 (RFC 8215): a translator inside someone's network
  ["100::", 64], // discard-only
  ["2001::", 23], // IETF protocol assignments, includes Teredo
  ["2001:db8::", 32],
  ["fc00::", 7], // unique local, includes AWS metadata fd00:ec2::254
  ["fe80::", 10],
  ["fec0::", 10],
  ["ff00::", 8], // multicast
] as const) {
  blocked.addSubnet(net, prefix, "ipv6");
}

/** Expands any valid IPv6 text form into 16 bytes, or null. */
function ipv6Bytes(address: string): number[] | null {
  let text = address.split("%")[0] ?? "";
  const tail: number[] = [];
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4?.[1]) {
    if (!isIPv4(v4[1])) return null;
    tail.push(...v4[1].split(".").map(Number));
    text = text.slice(0, -v4[1].length) + "0:0";
  }
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const parse = (s: string) => (s === "" ? [] : s.split(":").map((g) => parseInt(g, 16)));
  const head = parse(halves[0] ?? "");
  const rest = halves.length === 2 ? parse(halves[1] ?? "") : [];
  const fill = halves.length === 2 ? 8 - head.length - rest.length : 0;
  const groups = [...head, ...Array<number>(Math.max(fill, 0)).fill(0), ...rest];
  if (groups.length !== 8 || groups.some((g) => Number.isNaN(g) || g < 0 || g > 0xffff)) return null;
  const bytes = groups.flatMap((g) => [g >> 8, g & 0xff]);
  if (tail.length === 4) bytes.splice(12, 4, ...tail);
  return bytes;
}

/** The IPv4 address an IPv6 address carries (mapped, compatible, NAT64, 6to4), if any. */
function embeddedIPv4(bytes: number[]): string | null {
  const zeros = (from: number, to: number) => bytes.slice(from, to).every((b) => b === 0);
  const mapped = zeros(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff;
  const compatible = zeros(0, 12);
  const nat64 = bytes[0] === 0x00 && bytes[1] === 0x64 && bytes[2] === 0xff && bytes[3] === 0x9b && zeros(4, 12);
  if (mapped || compatible || nat64) return bytes.slice(12, 16).join(".");
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return bytes.slice(2, 6).join(".");
  return null;
}

/**
 * IPv4-mapped (::ffff:0:0/96) and IPv4-translated (::ffff:0:0:0/96) are never a real AAAA answer: refused whatever
 * IPv4 address they carry. (Not in the BlockList: it matches IPv4 checks against mapped IPv6 rules.)
 */
function isMappedOrTranslated(bytes: number[]): boolean {
  const zeros = (from: number, to: number) => bytes.slice(from, to).every((b) => b === 0);
  const mapped = zeros(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff;
  const translated = zeros(0, 8) && bytes[8] === 0xff && bytes[9] === 0xff && zeros(10, 12);
  return mapped || translated;
}

/** True when a resolved address is private, loopback, link-local, CGNAT, multicast, reserved or metadata. */
export function isBlockedAddress(address: string): boolean {
  const family = isIP(address.split("%")[0] ?? "");
  if (family === 4) return blocked.check(address, "ipv4");
  if (family !== 6) return true; // not an address at all: refuse rather than guess
  const bytes = ipv6Bytes(address);
  if (!bytes) return true;
  if (isMappedOrTranslated(bytes)) return true;
  const inner = embeddedIPv4(bytes);
  if (inner && blocked.check(inner, "ipv4")) return true;
  return blocked.check(address.split("%")[0] ?? "", "ipv6");
}

/** True when a URL hostname is an IP literal in any notation the URL parser accepted. */
export function isIpLiteralHost(hostname: string): boolean {
  const bare = hostname.startsWith("[") && hostname.endsWith("]") ? hostname.slice(1, -1) : hostname;
  if (isIP(bare) !== 0) return true;
  // The WHATWG parser normalises decimal/octal/hex IPv4; anything left that is all digits/hex is suspicious too.
  return /^(0x[0-9a-f]*|\d+)(\.(0x[0-9a-f]*|\d+))*\.?$/i.test(bare);
}
