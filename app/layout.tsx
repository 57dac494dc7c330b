import type { Metadata } from "next";
import { headers } from "next/headers";
import Image from "next/image";
import Link from "next/link";
import type { ReactNode } from "react";
import { SignOutButton } from "@/components/sign-out-button";
import { getCurrentUser } from "@/lib/auth/session";
import "./globals.css";

// Every page depends on who is signed in.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Salesforce JWT onboarding",
  description: "Connect your Salesforce org to log collection.",
  icons: {
    icon: [
      { url: "/favicon.ico", sizes: "16x16 32x32 48x48" },
      { url: "/icon.svg", type: "image/svg+xml" },
    ],
    apple: { url: "/apple-icon.png", sizes: "180x180" },
  },
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await getCurrentUser();
  // The error page shows it as the reference to quote (scripts/server.mjs sets it; the log lines carry it).
  const requestId = (await headers()).get("x-request-id");
  return (
    <html lang="en">
      <head>{requestId ? <meta name="portal-request-id" content={requestId} /> : null}</head>
      <body>
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:bg-white focus:p-2"
        >
          Skip to content
        </a>
        <header className="border-b border-slate-200 bg-white">
          <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-x-6 gap-y-2 px-6 py-3">
            <Link href="/" className="flex items-center gap-2 font-semibold text-slate-900">
              <Image src="/logo.svg" alt="" aria-hidden width={28} height={28} unoptimized />
              Salesforce JWT onboarding
            </Link>
            {user ? (
              <nav aria-label="Account" className="flex flex-wrap items-center gap-x-4 gap-y-2 text-sm text-slate-700">
                {user.role === "customer" ? (
                  <>
                    <Link href="/connections">Connections</Link>
                    <Link href="/settings">Settings</Link>
                  </>
                ) : (
                  <Link href="/support">Support console</Link>
                )}
                <span>
                  {user.email}
                  {user.tenantName ? ` · ${user.tenantName}` : ` · ${user.role}`}
                </span>
                <SignOutButton />
              </nav>
            ) : null}
          </div>
        </header>
        <main id="main" className="mx-auto max-w-5xl px-6 py-8 has-[[data-wide]]:max-w-none">
          {children}
        </main>
      </body>
    </html>
  );
}
