// The route label of scripts/server.mjs's request histogram, apart so that it can be tested without a server.
// A route label without ids or tokens, so the label set stays small: /connections/<uuid> is /connections/[id].
export function routeLabel(url) {
  const pathname = (url ?? "/").split("?")[0];
  if (pathname.startsWith("/_next/")) return pathname.startsWith("/_next/static/") ? "/_next/static" : "/_next/other";
  const segments = pathname
    .split("/")
    .filter(Boolean)
    .slice(0, 6)
    .map((segment) =>
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(segment)
        ? "[id]"
        : /^\d+$/.test(segment)
          ? "[n]"
          : segment.length > 24 || (/\d/.test(segment) && segment.length >= 6) || !/^[a-z0-9._-]+$/i.test(segment)
            ? "[value]"
            : segment,
    );
  return `/${segments.join("/")}`;
}
