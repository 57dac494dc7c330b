"use client";

import { useActionState } from "react";
import { CopyButton } from "@/components/copy-button";
import { Button } from "@/components/ui/button";
import { CheckboxField, Field } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
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
export function ApiTokenForm({ connectionId, scopes, action }: { connectionId: string; scopes: readonly string[]; action: TokenAction }) {
  const [state, formAction, pending] = useActionState(action, null);
  const failed = state && !state.ok ? state : null;
  const created = state?.ok ? state.data : undefined;
  return (
    <form action={formAction} className="max-w-2xl space-y-4 rounded-md border border-slate-200 bg-white p-4" aria-labelledby="create-token-heading">
      <h3 id="create-token-heading" className="font-semibold">
        Create an API token
      </h3>
      <input type="hidden" name="connectionId" value={connectionId} />
      {failed ? <Notice tone="error" title="The token was not created">{failed.error}</Notice> : null}
      {created ? (
        <Notice tone="warning" title="New API token">
          <p className="mt-1">Copy the token for {created.name} now: it will not be shown again.</p>
          <div className="mt-2 flex flex-wrap items-center gap-3">
            <code data-testid="new-api-token" className="break-all rounded bg-white px-2 py-1 font-mono text-xs text-slate-900">
              {created.token}
            </code>
            <CopyButton value={created.token} label="API token" />
          </div>
        </Notice>
      ) : null}
      <Field label="Token name" name="name" maxLength={64} autoComplete="off" hint="Such as the collector host that will use it." defaultValue={failed?.values?.name} error={failed?.fieldErrors?.name} required />
      <fieldset className="space-y-2" aria-describedby={failed?.fieldErrors?.scopes ? "token-scopes-error" : undefined}>
        <legend className="text-sm font-medium text-slate-800">Scopes</legend>
        {scopes.map((scope) => (
          <CheckboxField key={scope} name={`scope:${scope}`} label={scope} hint={SCOPE_HINTS[scope]} defaultChecked={failed?.values?.[`scope:${scope}`] === "on"} />
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
    </form>
  );
}
