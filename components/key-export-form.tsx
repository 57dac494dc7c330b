"use client";

import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { postForDownload } from "@/lib/browser/download";

type Result = { ok: true; message: string } | { ok: false; error: string; fieldErrors: Record<string, string> } | null;

const KINDS = [
  { kind: "pem", label: "Download server.pem" },
  { kind: "pkcs12", label: "Download keystore.p12" },
  { kind: "jks", label: "Download servercert.jks" },
  { kind: "bundle", label: "Download collector bundle (.zip)" },
] as const;

// Posted with fetch (postForDownload), so a refusal shows here instead of replacing the page.
export function KeyExportForm(props: {
  connectionId: string;
  keyPath: string;
  bundleReady: boolean;
  onKeyPathError: (error: string | undefined) => void;
}) {
  const { connectionId, keyPath, bundleReady, onKeyPathError } = props;
  const [pending, setPending] = useState<string | null>(null);
  const [result, setResult] = useState<Result>(null);
  const errors = result && !result.ok ? result.fieldErrors : {};

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const data = new FormData(form);
    data.set("kind", submitter?.value ?? "pem");
    data.set("keyPath", keyPath);
    setPending(data.get("kind") as string);
    setResult(null);
    try {
      const outcome = await postForDownload(`/api/connections/${connectionId}/exports`, data);
      if (!outcome.ok) {
        setResult(outcome);
        onKeyPathError(outcome.fieldErrors.keyPath);
        return;
      }
      onKeyPathError(undefined);
      setResult({
        ok: true,
        message: `Downloaded ${outcome.filename}. The export is recorded in the audit log with your reason.`,
      });
    } finally {
      const password = form.elements.namedItem("accountPassword") as HTMLInputElement | null;
      if (password) password.value = "";
      setPending(null);
    }
  }

  return (
    <form
      onSubmit={onSubmit}
      className="max-w-2xl space-y-4 rounded-md border border-slate-200 bg-white p-4"
      aria-label="Export the private key"
      noValidate
    >
      <p className="text-sm text-slate-700">
        These files hold the private key: it signs in to Salesforce as the integration user. Confirm it is you and say
        why; the export is audited.
      </p>
      {result && !result.ok ? (
        <Notice tone="error" title="Nothing was downloaded">
          {result.error}
        </Notice>
      ) : null}
      {result?.ok ? <Notice tone="success">{result.message}</Notice> : null}
      <Field
        label="Your account password"
        name="accountPassword"
        type="password"
        autoComplete="current-password"
        error={errors.accountPassword}
        required
      />
      <Field
        label="Reason for the export"
        name="reason"
        maxLength={500}
        hint="5 to 500 characters, e.g. the ticket or host it is for. It goes into the audit log."
        error={errors.reason}
        required
      />
      <fieldset className="space-y-3 rounded-md border border-slate-200 p-3">
        <legend className="px-1 text-sm font-medium">Keystore (keystore.p12 and servercert.jks only)</legend>
        <Field
          label="Keystore password"
          name="keystorePassword"
          type="password"
          autoComplete="new-password"
          hint="At least 6 ASCII characters; keytool and Salesforce need it."
          error={errors.keystorePassword}
        />
        <Field
          label="Alias"
          name="alias"
          defaultValue="jwt_key"
          autoComplete="off"
          hint='The key entry name; not "1".'
          error={errors.alias}
        />
      </fieldset>
      {!bundleReady ? (
        <p className="text-sm text-slate-600">
          The collector bundle needs a passing Test connection first: it records the settings the collector uses.
        </p>
      ) : null}
      <div className="flex flex-wrap gap-2">
        {KINDS.map(({ kind, label }) => (
          <Button
            key={kind}
            type="submit"
            name="kind"
            value={kind}
            variant={kind === "bundle" ? "primary" : "secondary"}
            disabled={pending !== null || (kind === "bundle" && !bundleReady)}
          >
            {pending === kind ? "Preparing…" : label}
          </Button>
        ))}
      </div>
    </form>
  );
}
