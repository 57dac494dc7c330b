"use client";

import { useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";

// Replacing the key breaks a working connection until Salesforce has the new certificate: a secondary action that
// says so and asks before it shows the form.
export function ReplaceCertificate({ children }: { children: ReactNode }) {
  const [stage, setStage] = useState<"closed" | "confirm" | "form">("closed");
  if (stage === "closed")
    return (
      <Button type="button" variant="secondary" onClick={() => setStage("confirm")}>
        Replace certificate…
      </Button>
    );
  if (stage === "confirm")
    return (
      <div
        role="alertdialog"
        aria-labelledby="replace-certificate-title"
        aria-describedby="replace-certificate-text"
        className="space-y-3 rounded-md border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950"
      >
        <p id="replace-certificate-title" className="font-semibold">
          Replace this connection&apos;s certificate?
        </p>
        <p id="replace-certificate-text">
          A new key pair replaces the current one. The connection stops working until the new server.crt is uploaded to
          your External Client App in Salesforce.
        </p>
        <div className="flex flex-wrap gap-3">
          <Button type="button" variant="danger" onClick={() => setStage("form")} autoFocus>
            Continue to a new certificate
          </Button>
          <Button type="button" variant="secondary" onClick={() => setStage("closed")}>
            Cancel
          </Button>
        </div>
      </div>
    );
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-700">
        The connection stops working until you upload the new server.crt to your External Client App.
      </p>
      {children}
      <Button type="button" variant="secondary" onClick={() => setStage("closed")}>
        Cancel
      </Button>
    </div>
  );
}
