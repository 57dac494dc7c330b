"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { CheckboxField, Field, SelectField } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { postForDownload, type DownloadResult } from "@/lib/browser/download";

const IP_RELAXATION = [
  { value: "Enforce", label: "Enforce IP restrictions (recommended)" },
  { value: "Enforce_RelaxRefresh", label: "Enforce, but relax them for refresh tokens" },
  { value: "Bypass_2factor", label: "Relax IP restrictions with a second factor" },
  { value: "Bypass", label: "Relax IP restrictions" },
];

type Props = {
  connectionId: string;
  defaults: { appName: string; label: string; contactEmail: string };
  // Why the download is not offered yet (no certificate, no My Domain); null when it is.
  unavailable: string | null;
};

// The CLI path's step 1: the bundle, posted with fetch so a refusal shows beside the fields; the page then refreshes
// (the first download sets the connection's Client ID and ticks this step).
export function SalesforceBundleForm({ connectionId, defaults, unavailable }: Props) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [result, setResult] = useState<DownloadResult | null>(null);
  const errors = result && !result.ok ? result.fieldErrors : {};

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setResult(null);
    try {
      const outcome = await postForDownload(
        `/api/connections/${connectionId}/salesforce-bundle`,
        new FormData(event.currentTarget),
      );
      setResult(outcome);
      if (outcome.ok) router.refresh();
    } finally {
      setPending(false);
    }
  }

  return (
    <form
      onSubmit={onSubmit}
      aria-label="Salesforce bundle"
      noValidate
      className="space-y-4 rounded-md border border-slate-200 bg-white p-4"
    >
      {result && !result.ok ? (
        <Notice tone="error" title="Nothing was downloaded">
          {result.error}
        </Notice>
      ) : null}
      {result?.ok ? (
        <Notice tone="success">
          Downloaded {result.filename}. Unzip it and run the commands in the next step from its folder.
        </Notice>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          label="App name"
          defaultValue={defaults.appName}
          autoComplete="off"
          spellCheck={false}
          hint="The app's API name: letters, digits and single underscores, starting with a letter, at most 40 characters."
          error={errors.appName}
          name="appName"
        />
        <Field
          label="App label"
          defaultValue={defaults.label}
          autoComplete="off"
          spellCheck={false}
          hint="The name shown in External Client App Manager; the same rule as the app name."
          error={errors.label}
          name="label"
        />
        <Field
          label="Contact email"
          type="email"
          autoComplete="email"
          defaultValue={defaults.contactEmail}
          hint="Salesforce's contact for the app, e.g. your Salesforce admin."
          error={errors.contactEmail}
          name="contactEmail"
        />
        <SelectField
          label="IP relaxation"
          name="ipRelaxation"
          options={IP_RELAXATION}
          defaultValue="Enforce"
          error={errors.ipRelaxation}
          hint="Enforce keeps the integration user's login IP ranges, so the collector must connect from an allowed address. Relaxing lets the key sign in from anywhere: choose it only if the collector's address is not fixed."
        />
      </div>
      <CheckboxField
        label="Let the collector read the Setup Audit Trail"
        name="setupAuditTrail"
        defaultChecked
        hint="Adds View Setup and Configuration to the permission set: the collector's setupaudittrail stream needs it. Untick it to keep the user to API Enabled and View Event Log Files; Test connection then warns that the stream collects nothing, and the collector files turn it off."
      />
      {unavailable ? <p className="text-sm text-slate-700">{unavailable}</p> : null}
      <Button type="submit" disabled={pending || unavailable !== null}>
        {pending ? "Preparing…" : "Download Salesforce bundle"}
      </Button>
    </form>
  );
}
