"use client";

import { useState } from "react";
import { CopyButton } from "@/components/copy-button";
import { KeyExportForm } from "@/components/key-export-form";
import { Field } from "@/components/ui/field";
import type { HandoffFields } from "@/lib/connections/handoff";

const DEFAULT_KEY_PATH = "/etc/filebeat/salesforce/server.pem";
const KEY_PATH_INPUT_ID = "handoff-key-path";

// The runbook's five fields, ready to paste, and (for whoever may export the key) the downloads that carry them.
export function CollectorHandoff({
  connectionId,
  fields,
  canExport,
  bundleReady,
}: {
  connectionId: string;
  fields: HandoffFields;
  canExport: boolean;
  bundleReady: boolean;
}) {
  const [keyPath, setKeyPath] = useState(DEFAULT_KEY_PATH);
  const [keyPathError, setKeyPathError] = useState<string | undefined>();
  const rows: [label: string, value: string | null][] = [
    ["Path of server.pem", keyPath.trim() || DEFAULT_KEY_PATH],
    ["Salesforce username", fields.username],
    ["Client ID", fields.clientId],
    ["Instance URL", fields.instanceUrl],
    ["API version", fields.apiVersion],
  ];
  return (
    <div className="space-y-4" data-testid="collector-handoff">
      <dl
        className="grid grid-cols-[max-content_1fr_max-content] items-center gap-x-4 gap-y-2 rounded-md border border-slate-200 bg-white p-4 text-sm"
        aria-label="Collector fields"
      >
        {rows.map(([label, value]) => (
          <div key={label} className="contents" data-testid="handoff-field">
            <dt className="font-medium text-slate-600">{label}</dt>
            <dd className="font-mono text-xs break-all">
              {value ?? <span className="font-sans text-slate-600">Not set yet</span>}
            </dd>
            <dd>{value ? <CopyButton value={value} label={label} /> : null}</dd>
          </div>
        ))}
      </dl>
      <div className="max-w-xl">
        <Field
          id={KEY_PATH_INPUT_ID}
          label="Path of server.pem on the collector host"
          name="keyPath"
          value={keyPath}
          onChange={(e) => {
            setKeyPath(e.target.value);
            setKeyPathError(undefined);
          }}
          error={keyPathError}
          hint="The bundle's filebeat.yml, elastic-agent.yml and README use this path."
          autoComplete="off"
          spellCheck={false}
        />
      </div>
      {canExport ? (
        <KeyExportForm
          connectionId={connectionId}
          keyPath={keyPath}
          bundleReady={bundleReady}
          onKeyPathError={setKeyPathError}
        />
      ) : (
        <p className="text-sm text-slate-600">
          Downloading the private key, keystores or the collector bundle needs the keys:export permission (admins).
        </p>
      )}
    </div>
  );
}
