"use client";

import { useActionState } from "react";
import { OneTimeValue } from "@/components/one-time-value";
import { Button } from "@/components/ui/button";
import { CheckboxField, Field } from "@/components/ui/field";
import { FormCard } from "@/components/ui/form-card";
import type { CreatedToken } from "@/lib/api/token-form";
import type { ActionState } from "@/lib/auth/actions";

export type TokenAction = (state: ActionState<CreatedToken>, formData: FormData) => Promise<ActionState<CreatedToken>>;

const SCOPE_HINTS: Record<string, string> = {
  "connections:read": "Read the connection and its collector configuration.",
  "keys:read": "Download the private key and keystores (each download is audited).",
  "tests:run": "Run Test connection.",
  "tokens:issue": "Get a Salesforce access token from the portal; the key stays here.",
};

// The token exists only in this response: it is stored hashed, so a reload cannot show it again.
export function ApiTokenForm({
  connectionId,
  scopes,
  action,
}: {
  connectionId: string;
  scopes: readonly string[];
  action: TokenAction;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  const failed = state && !state.ok ? state : null;
  const created = state?.ok ? state.data : undefined;
  return (
    <FormCard
      id="create-token"
      title="Create an API token"
      action={formAction}
      level={3}
      wide
      error={failed ? { title: "The token was not created", message: failed.error } : null}
    >
      <input type="hidden" name="connectionId" value={connectionId} />
      {created ? (
        <OneTimeValue
          tone="warning"
          title="New API token"
          message={`Copy the token for ${created.name} now: it will not be shown again.`}
          value={created.token}
          testId="new-api-token"
          copyLabel="API token"
        />
      ) : null}
      <Field
        label="Token name"
        name="name"
        maxLength={64}
        autoComplete="off"
        hint="Such as the collector host that will use it."
        defaultValue={failed?.values?.name}
        error={failed?.fieldErrors?.name}
        required
      />
      <fieldset className="space-y-2" aria-describedby={failed?.fieldErrors?.scopes ? "token-scopes-error" : undefined}>
        <legend className="text-sm font-medium text-slate-800">Scopes</legend>
        {scopes.map((scope) => (
          <CheckboxField
            key={scope}
            name={`scope:${scope}`}
            label={scope}
            hint={SCOPE_HINTS[scope]}
            defaultChecked={failed?.values?.[`scope:${scope}`] === "on"}
          />
        ))}
        {failed?.fieldErrors?.scopes ? (
          <p id="token-scopes-error" className="text-sm text-red-700">
            {failed.fieldErrors.scopes}
          </p>
        ) : null}
      </fieldset>
      <Field
        label="Expires after (days)"
        name="expiresDays"
        inputMode="numeric"
        autoComplete="off"
        hint="Optional: 1 to 3650. Empty means the token does not expire until revoked."
        defaultValue={failed?.values?.expiresDays}
        error={failed?.fieldErrors?.expiresDays}
      />
      <Button type="submit" disabled={pending}>
        {pending ? "Creating…" : "Create API token"}
      </Button>
    </FormCard>
  );
}
