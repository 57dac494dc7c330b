"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Field, SelectField } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { generateCertificateAction } from "../actions";

type Props = { connectionId: string; requestToken: string; defaults?: Record<string, string> };

export function CertificateForm({ connectionId, requestToken, defaults = {} }: Props) {
  const [state, action, pending] = useActionState(generateCertificateAction, null);
  const failed = state && !state.ok ? state : null;
  const errors = failed?.fieldErrors ?? {};
  const value = (name: string) => failed?.values?.[name] ?? defaults[name] ?? "";
  return (
    <form
      action={action}
      className="space-y-4 rounded-md border border-slate-200 bg-white p-6"
      noValidate
      aria-label="Certificate details"
    >
      <input type="hidden" name="connectionId" value={connectionId} />
      <input type="hidden" name="requestToken" value={requestToken} />
      {failed ? (
        <Notice tone="error" title="The certificate was not generated">
          {failed.error}
        </Notice>
      ) : null}
      {state?.ok ? <Notice tone="success">{state.message}</Notice> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          label="Country Name"
          name="countryName"
          defaultValue={value("countryName")}
          error={errors.countryName}
          hint="Two letters, e.g. US, DE, FR"
          autoComplete="country"
          required
        />
        <Field
          label="State or Province"
          name="stateOrProvince"
          defaultValue={value("stateOrProvince")}
          error={errors.stateOrProvince}
          required
        />
        <Field
          label="Locality"
          name="locality"
          defaultValue={value("locality")}
          error={errors.locality}
          hint="City"
          required
        />
        <Field
          label="Organization Name"
          name="organizationName"
          defaultValue={value("organizationName")}
          error={errors.organizationName}
          autoComplete="organization"
          required
        />
        <Field
          label="Organizational Unit"
          name="organizationalUnit"
          defaultValue={value("organizationalUnit")}
          error={errors.organizationalUnit}
          hint="Optional"
        />
        <Field
          label="Common Name"
          name="commonName"
          defaultValue={value("commonName")}
          error={errors.commonName}
          hint="Optional; defaults to the Organization Name"
        />
        <Field
          label="Email Address"
          name="emailAddress"
          type="email"
          defaultValue={value("emailAddress")}
          error={errors.emailAddress}
          hint="Optional"
        />
        <Field
          label="Validity (days)"
          name="validityDays"
          inputMode="numeric"
          defaultValue={value("validityDays") || "365"}
          error={errors.validityDays}
        />
        <SelectField
          label="Key size"
          name="keySize"
          defaultValue={value("keySize") || "2048"}
          error={errors.keySize}
          options={[
            { value: "2048", label: "2048 bits (recommended)" },
            { value: "4096", label: "4096 bits" },
          ]}
        />
      </div>
      <div className="flex items-center gap-4">
        <Button type="submit" disabled={pending}>
          Generate certificate
        </Button>
        {pending ? (
          <p role="status" className="flex items-center gap-2 text-sm text-slate-700">
            <span
              aria-hidden
              className="h-4 w-4 animate-spin rounded-full border-2 border-blue-700 border-t-transparent"
            />
            Generating the RSA key pair and signing the certificate…
          </p>
        ) : null}
      </div>
    </form>
  );
}
