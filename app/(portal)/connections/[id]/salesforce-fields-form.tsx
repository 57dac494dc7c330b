"use client";

import { useState } from "react";
import { ActionForm, useFormAction } from "@/components/ui/action-form";
import { CheckboxField, Field, SelectField } from "@/components/ui/field";
import { clientIdWarning } from "@/lib/connections/client-id";
import { saveSalesforceFieldsAction } from "./actions";

type Saved = {
  username: string | null;
  clientId: string | null;
  instanceUrl: string | null;
  apiVersion: string | null;
  environment: string | null;
  myDomainOnly: boolean;
};

const ENVIRONMENTS = [
  { value: "auto", label: "Detect from the Instance URL" },
  { value: "production", label: "Production" },
  { value: "sandbox", label: "Sandbox" },
];

type Props = {
  connectionId: string;
  saved: Saved;
  // The latest test connected with the saved Client ID: its shape no longer matters.
  keyVerified: boolean;
};

export function SalesforceFieldsForm({ connectionId, saved, keyVerified }: Props) {
  const form = useFormAction(saveSalesforceFieldsAction);
  const field = (name: Exclude<keyof Saved, "myDomainOnly">, fallback = "") =>
    form.field(name, saved[name] ?? fallback);
  const { defaultValue: savedClientId, ...clientIdField } = field("clientId");
  const [clientId, setClientId] = useState(savedClientId ?? "");
  const proven = keyVerified && clientId === saved.clientId;
  const warning = clientIdField.error || proven ? null : clientIdWarning(clientId);
  return (
    <ActionForm
      form={form}
      name={{
        label: "Salesforce connection fields",
        className: "space-y-4 rounded-md border border-slate-200 bg-white p-6",
      }}
      hidden={{ connectionId }}
      noValidate
      errorTitle="Not saved"
      success
      submit="Save connection fields"
      pendingSubmit="Saving…"
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          label="Username"
          type="text"
          inputMode="email"
          autoComplete="off"
          spellCheck={false}
          hint="The integration user, e.g. integration@acme.com (sandbox: integration@acme.com.dev1)"
          {...field("username")}
        />
        <Field
          label="Client ID (Consumer Key)"
          autoComplete="off"
          spellCheck={false}
          value={clientId}
          onChange={(e) => setClientId(e.target.value)}
          hint={
            warning ? (
              <span className="text-amber-800">{warning}</span>
            ) : (
              "From External Client App Manager → OAuth Settings"
            )
          }
          {...clientIdField}
        />
        <Field
          label="Instance URL"
          inputMode="url"
          hint="Your My Domain URL, e.g. https://acme.my.salesforce.com"
          {...field("instanceUrl")}
        />
        <Field
          label="API Version"
          hint="Optional, e.g. 62.0. Blank: the latest your org offers."
          {...field("apiVersion")}
        />
        <SelectField label="Environment" options={ENVIRONMENTS} {...field("environment", "auto")} />
      </div>
      <CheckboxField
        label="Gov Cloud / this org blocks login.salesforce.com"
        name="myDomainOnly"
        defaultChecked={form.failed ? form.failed.values?.myDomainOnly === "on" : saved.myDomainOnly}
        hint="Test connection then sends the signed assertion only to your My Domain, never to login.salesforce.com or test.salesforce.com. Always the case for .mil and .cn My Domains."
      />
    </ActionForm>
  );
}
