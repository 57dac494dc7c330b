"use client";

import type { ComponentProps } from "react";
import { ActionForm, useFormAction } from "@/components/ui/action-form";
import { Field, SelectField } from "@/components/ui/field";
import { generateCertificateAction, renewCertificateAction } from "../actions";

// `renew`: the certificate is stored pending, beside the one in use (README "Renewing a certificate").
type Props = { connectionId: string; requestToken: string; defaults?: Record<string, string>; renew?: boolean };

type SubjectField = Omit<ComponentProps<typeof Field>, "name" | "defaultValue" | "error"> & {
  name: string;
  fallback?: string;
};

// The four fields of the runbook, in its order. Country Name suggests ISO codes (the datalist CountryCodes renders).
const RUNBOOK: readonly SubjectField[] = [
  {
    label: "Country Name",
    name: "countryName",
    hint: "Two letters, e.g. US, DE, FR",
    autoComplete: "off",
    list: "iso-country-codes",
    required: true,
  },
  { label: "State or Province", name: "stateOrProvince", required: true },
  { label: "Locality", name: "locality", hint: "City", required: true },
  { label: "Organization Name", name: "organizationName", autoComplete: "organization", required: true },
];

// Decisions a customer should not face first: sensible defaults, under "Advanced".
const ADVANCED: readonly SubjectField[] = [
  { label: "Organizational Unit", name: "organizationalUnit", hint: "Optional" },
  { label: "Common Name", name: "commonName", hint: "Optional; defaults to the Organization Name" },
  { label: "Email Address", name: "emailAddress", type: "email", hint: "Optional" },
  { label: "Validity (days)", name: "validityDays", inputMode: "numeric", fallback: "365" },
];

const KEY_SIZES = [
  { value: "2048", label: "2048 bits (recommended)" },
  { value: "4096", label: "4096 bits" },
];

export function CertificateForm({ connectionId, requestToken, defaults = {}, renew = false }: Props) {
  const form = useFormAction(renew ? renewCertificateAction : generateCertificateAction);
  const field = (name: string, fallback = "") => {
    const props = form.field(name, defaults[name]);
    return { ...props, defaultValue: props.defaultValue || fallback };
  };
  const advancedError = [...ADVANCED.map((f) => f.name), "keySize"].some((name) => form.failed?.fieldErrors?.[name]);
  return (
    <ActionForm
      form={form}
      name={{ label: "Certificate details", className: "space-y-4 rounded-md border border-slate-200 bg-white p-6" }}
      hidden={{ connectionId, requestToken }}
      noValidate
      errorTitle={renew ? "The renewal certificate was not created" : "The certificate was not generated"}
      success
      submit={renew ? "Create the renewal certificate" : "Generate certificate"}
      pendingStatus={
        <p role="status" className="flex items-center gap-2 text-sm text-slate-700">
          <span
            aria-hidden
            className="h-4 w-4 animate-spin rounded-full border-2 border-blue-700 border-t-transparent"
          />
          Generating the RSA key pair and signing the certificate…
        </p>
      }
    >
      <div className="grid gap-4 sm:grid-cols-2">
        {RUNBOOK.map(({ name, fallback, ...input }) => (
          <Field key={name} {...input} {...field(name, fallback)} />
        ))}
      </div>
      <details className="rounded-md border border-slate-200 p-4" open={advancedError || undefined}>
        <summary className="cursor-pointer py-1 text-sm font-medium">
          Advanced: unit, common name, email, validity, key size
        </summary>
        <div className="mt-4 grid gap-4 sm:grid-cols-2">
          {ADVANCED.map(({ name, fallback, ...input }) => (
            <Field key={name} {...input} {...field(name, fallback)} />
          ))}
          <SelectField label="Key size" options={KEY_SIZES} {...field("keySize", "2048")} />
        </div>
      </details>
    </ActionForm>
  );
}
