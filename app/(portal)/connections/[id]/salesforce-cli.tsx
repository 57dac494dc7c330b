import type { ReactNode } from "react";
import { CopyButton } from "@/components/copy-button";
import type { SetupStepId } from "@/lib/connections/checklist";
import type { BundleDownload } from "@/lib/connections/salesforce-bundle";
import { formatUtc } from "@/lib/dates";
import { ecaCliCommands } from "@/lib/salesforce/eca-bundle";
import { ChecklistToggle } from "./checklist-toggle";
import { SalesforceBundleForm } from "./salesforce-bundle-form";

type Props = {
  connectionId: string;
  instanceUrl: string | null;
  username: string | null;
  bundle: BundleDownload | null;
  // The latest bundle carries the current certificate.
  bundleCurrent: boolean;
  ticked: Partial<Record<SetupStepId, boolean>>;
  contactEmail: string;
  unavailable: string | null;
};

const DEFAULT_APP_NAME = "Log_Collector";

// "Set up Salesforce with the CLI": download the bundle, deploy it, assign its permission set. The download is known
// from the audit log; the customer ticks the other two (the portal cannot see the customer's terminal).
export function SalesforceCli({
  connectionId,
  instanceUrl,
  username,
  bundle,
  bundleCurrent,
  ticked,
  contactEmail,
  unavailable,
}: Props) {
  const appName = bundle?.appName || DEFAULT_APP_NAME;
  const commands = ecaCliCommands({
    myDomainUrl: instanceUrl ?? "https://yourcompany.my.salesforce.com",
    appName,
    username,
  });
  const unzip = `unzip ${appName}-salesforce.zip && cd ${appName}`;
  return (
    <div className="space-y-3" data-testid="salesforce-cli">
      <h3 className="text-lg font-semibold">Set up Salesforce with the CLI</h3>
      <p className="text-sm text-slate-700">
        Recommended. The portal writes the whole External Client App as a Salesforce DX project: the OAuth scopes, the
        JWT bearer flow with this connection&apos;s certificate, its Client ID, the policies and a permission set for
        the integration user. A Salesforce admin deploys it with the Salesforce CLI (<code>sf</code>); nothing is copied
        back by hand.
      </p>
      <ol className="space-y-3">
        <CliStep id="cli-download" number={1} title="Download the Salesforce bundle" done={bundleCurrent}>
          {bundle && !bundleCurrent ? (
            <p className="text-sm font-medium text-amber-800" data-testid="stale-bundle">
              The bundle downloaded {formatUtc(bundle.at)} carries an earlier certificate. Download it again and deploy
              it: the redeploy puts the current certificate into the same app, with the same Client ID.
            </p>
          ) : bundle ? (
            <p className="text-sm text-green-800">
              <span aria-hidden>✓ </span>Downloaded {formatUtc(bundle.at)} (app {bundle.appName}). Downloading it again
              keeps the same Client ID, so a second deploy updates the same app.
            </p>
          ) : null}
          <SalesforceBundleForm
            connectionId={connectionId}
            defaults={{ appName, label: appName, contactEmail }}
            unavailable={unavailable}
          />
        </CliStep>
        <CliStep
          id="cli-deploy"
          number={2}
          title="Deploy it to your org"
          done={Boolean(ticked["cli-deploy"])}
          tickedBy={connectionId}
        >
          <p className="text-sm text-slate-700">
            In a terminal with the Salesforce CLI, as a Salesforce admin, from the folder you downloaded to:
          </p>
          <Commands
            commands={[
              { label: "the unzip command", command: unzip },
              { label: "the login command", command: commands.login },
              { label: "the deploy command", command: commands.deploy },
            ]}
          />
          <p className="text-sm text-slate-700">
            If the deploy says the app or the consumer key already exists, the bundle&apos;s README.md says what to do.
          </p>
        </CliStep>
        <CliStep
          id="cli-assign"
          number={3}
          title="Assign the permission set to the integration user"
          done={Boolean(ticked["cli-assign"])}
          tickedBy={connectionId}
        >
          <Commands commands={[{ label: "the assign command", command: commands.assign }]} />
          <p className="text-sm text-slate-700">
            The permission set pre-authorizes the user for the app and gives it API Enabled and View Event Log Files.
            Salesforce takes 2 to 10 minutes to apply a new app: meanwhile, enter the username in step 4.
          </p>
        </CliStep>
      </ol>
    </div>
  );
}

// tickedBy: the connection whose checklist state records the step (the customer ticks it); the download is not ticked.
function CliStep(props: {
  id: "cli-download" | "cli-deploy" | "cli-assign";
  number: number;
  title: string;
  done: boolean;
  tickedBy?: string;
  children: ReactNode;
}) {
  return (
    <li
      id={`step-${props.id}`}
      className="scroll-mt-6 space-y-3 rounded-md border border-slate-200 bg-white p-4 target:ring-2 target:ring-blue-600"
    >
      <div className="flex items-start justify-between gap-4">
        <h4 className={`font-semibold ${props.done ? "text-slate-500 line-through" : ""}`}>
          {props.number}. {props.title}
          {props.done ? <span className="sr-only"> (done)</span> : null}
        </h4>
        {props.tickedBy ? (
          <ChecklistToggle connectionId={props.tickedBy} step={props.id} done={props.done} title={props.title} />
        ) : null}
      </div>
      {props.children}
    </li>
  );
}

function Commands({ commands }: { commands: { label: string; command: string }[] }) {
  return (
    <ul className="space-y-2">
      {commands.map(({ label, command }) => (
        <li key={label} className="flex items-start gap-2">
          <code className="min-w-0 flex-1 rounded bg-slate-900 px-3 py-2 font-mono text-xs break-all text-slate-50">
            {command}
          </code>
          <CopyButton value={command} label={label} />
        </li>
      ))}
    </ul>
  );
}
