"use client";

import { useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";

// Renewing keeps the certificate in use until Salesforce accepts the new one, so it needs no confirmation: the
// button opens the form, prefilled with the current certificate's details. The expiry reminder's link
// (?renew=1#certificate) opens it straight away.
export function RenewCertificate({
  children,
  pending,
  initiallyOpen = false,
}: {
  children: ReactNode;
  pending: boolean;
  initiallyOpen?: boolean;
}) {
  const [open, setOpen] = useState(initiallyOpen);
  if (!open)
    return (
      <Button type="button" onClick={() => setOpen(true)}>
        {pending ? "Renew again…" : "Renew certificate…"}
      </Button>
    );
  return (
    <div className="w-full space-y-3">
      <p className="text-sm text-slate-700">
        A new key pair and certificate are created beside the current one, which stays in use: nothing stops while you
        upload the new server.crt to Salesforce.
        {pending ? " This replaces the renewal that is waiting for its upload." : ""}
      </p>
      {children}
      <Button type="button" variant="secondary" onClick={() => setOpen(false)}>
        Cancel
      </Button>
    </div>
  );
}
