"use client";

import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { CheckboxField, Field, SelectField } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
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

export function SalesforceFieldsForm({ connectionId, saved }: { connectionId: string; saved: Saved }) {
  const [state, action, pending] = useActionState(saveSalesforceFieldsAction, null);
  const failed = state && !state.ok ? state : null;
  const errors = failed?.fieldErrors ?? {};
  const value = (name: Exclude<keyof Saved, "myDomainOnly">) => failed?.values?.[name] ?? saved[name] ?? "";
  const [clientId, setClientId] = useState(value("clientId"));
  const warning = errors.clientId ? null : clientIdWarning(clientId);
  return (
    <form
      action={action}
      className="space-y-4 rounded-md border border-slate-200 bg-white p-6"
      noValidate
      aria-label="Salesforce connection fields"
    >
      <input type="hidden" name="connectionId" value={connectionId} />
      {failed ? (
        <Notice tone="error" title="Not saved">
          {failed.error}
        </Notice>
      ) : null}
      {state?.ok ? <Notice tone="success">{state.message}</Notice> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          label="Username"
          name="username"
          type="text"
          inputMode="email"
          autoComplete="off"
          spellCheck={false}
          defaultValue={value("username")}
          error={errors.username}
          hint="The integration user, e.g. integration@acme.com (sandbox: integration@acme.com.dev1)"
        />
        <Field
          label="Client ID (Consumer Key)"
          name="clientId"
          autoComplete="off"
          spellCheck={false}
          value={clientId}
          onChange={(e) => setClientId(e.target.value)}
          error={errors.clientId}
          hint={
            warning ? (
              <span className="text-amber-800">{warning}</span>
            ) : (
              "From External Client App Manager → OAuth Settings"
            )
          }
        />
        <Field
          label="Instance URL"
          name="instanceUrl"
          inputMode="url"
          defaultValue={value("instanceUrl")}
          error={errors.instanceUrl}
          hint="Your My Domain URL, e.g. https://acme.my.salesforce.com"
        />
        <Field
          label="API Version"
          name="apiVersion"
          defaultValue={value("apiVersion")}
          error={errors.apiVersion}
          hint="Optional, e.g. 62.0. Blank: the latest your org offers."
        />
        <SelectField
          label="Environment"
          name="environment"
          defaultValue={failed?.values?.environment ?? saved.environment ?? "auto"}
          error={errors.environment}
          options={[
            { value: "auto", label: "Detect from the Instance URL" },
            { value: "production", label: "Production" },
            { value: "sandbox", label: "Sandbox" },
          ]}
        />
      </div>
      <CheckboxField
        label="Gov Cloud / this org blocks login.salesforce.com"
        name="myDomainOnly"
        defaultChecked={failed ? failed.values?.myDomainOnly === "on" : saved.myDomainOnly}
        hint="Test connection then sends the signed assertion only to your My Domain, never to login.salesforce.com or test.salesforce.com. Always the case for .mil and .cn My Domains."
      />
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Save connection fields"}
      </Button>
    </form>
  );
}
