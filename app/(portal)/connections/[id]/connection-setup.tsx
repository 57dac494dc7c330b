import type { ReactNode } from "react";
import { Section } from "@/components/ui/section";
import { certificatesByState } from "@/lib/connections/certificate-states";
import { buildChecklist } from "@/lib/connections/checklist";
import type { getConnection } from "@/lib/connections/queries";
import type { BundleDownload } from "@/lib/connections/salesforce-bundle";
import { salesforceSideDone, type SetupFacts } from "@/lib/connections/setup-progress";
import type { TestRunView } from "@/lib/connections/test-run-view";
import { certificateSize } from "@/lib/crypto/certificate-file";
import { CertificateSection } from "./certificate-section";
import { Checklist } from "./checklist";
import { MyDomainForm } from "./my-domain-form";
import { SalesforceCli } from "./salesforce-cli";
import { Folded } from "./folded-step";
import { SalesforceFieldsForm } from "./salesforce-fields-form";

type Connection = NonNullable<Awaited<ReturnType<typeof getConnection>>>;

type Props = {
  connection: Connection;
  facts: SetupFacts;
  // Connected and proven with the current certificate.
  settled: boolean;
  // The latest test connected (with any certificate).
  connected: boolean;
  latest: TestRunView | undefined;
  renewing?: boolean;
  bundle: BundleDownload | null;
  // What the My Domain form's Environment shows: "auto" when the saved one is what the URL implies.
  environmentChoice: string;
  // The signed-in customer's email: the bundle form's contact email until they change it.
  contactEmail: string;
  // The Client ID is the one the portal put in the bundle.
  portalKey: boolean;
  // A bundle was downloaded or the Client ID is the portal's: the CLI path leads, the manual checklist folds.
  onCliPath: boolean;
};

// Steps 1 to 4 in the order the customer acts: My Domain, the certificate, the Salesforce side (CLI or by hand),
// the connection fields. A done step folds to one line, unless something still points at it.
export function ConnectionSetup(props: Props) {
  const { connection, facts, settled, connected, latest, renewing, bundle, onCliPath } = props;
  const { active: current, pending } = certificatesByState(connection.certificates);
  const { ticked } = facts;
  const checklist = buildChecklist({
    instanceUrl: connection.instanceUrl,
    username: connection.username,
    certificate: current
      ? {
          fingerprintSha256: current.fingerprintSha256,
          serialHex: current.serialHex,
          notAfter: current.notAfter,
          uploadFormat: certificateSize(current.certificatePem).uploadFormat,
        }
      : null,
  });
  // A failed test links to the step to fix: keep the certificate and the Salesforce side open for it.
  const failing = latest?.outcome === "failed";
  const sideDone = salesforceSideDone(facts);
  // Settled, the whole setup is folded once (SetupFold): inside it, every step is open. A failed test keeps every
  // step open: its verdict links to the one to fix.
  const fold = (done: boolean) => done && !settled && !failing;
  const manualStarted = checklist.some((item) => ticked[item.id]);
  const unavailable = !current
    ? "Generate the certificate in step 2 first: the bundle carries it."
    : !connection.instanceUrl
      ? "Save your My Domain in step 1 first: the bundle is made for it."
      : null;
  return (
    <>
      <Section id="my-domain" title="1. My Domain">
        <Folded when={fold(Boolean(connection.instanceUrl))} summary={`Saved: ${connection.instanceUrl ?? ""}`}>
          <MyDomainForm connectionId={connection.id} saved={{ ...connection, environment: props.environmentChoice }} />
        </Folded>
      </Section>
      <Section id="certificate" title="2. Certificate">
        <Folded
          when={fold(Boolean(current) && sideDone && !pending && !renewing)}
          summary={`In use: serial ${current?.serialHex.toUpperCase() ?? ""}`}
        >
          <CertificateSection
            connectionId={connection.id}
            certificates={connection.certificates}
            organizationName={connection.tenant.name}
            needsUpload={!settled && !onCliPath}
            renewing={renewing}
          />
        </Folded>
      </Section>
      <Section id="setup" title="3. Salesforce setup">
        <Folded when={fold(sideDone)} summary={onCliPath ? "Done with the CLI" : "Done by hand"}>
          <SalesforceCli
            connectionId={connection.id}
            instanceUrl={connection.instanceUrl}
            username={connection.username}
            bundle={bundle}
            bundleCurrent={facts.bundleDownloaded}
            ticked={ticked}
            contactEmail={props.contactEmail}
            unavailable={unavailable}
          />
          {/* The manual path stays one click away on the CLI path, open otherwise (and once begun). */}
          <details
            className="rounded-md border border-slate-200 bg-slate-50 p-4"
            open={!onCliPath || manualStarted}
            data-testid="manual-setup"
          >
            <summary className="cursor-pointer py-1 text-lg font-semibold">Or do it by hand</summary>
            <div className="mt-3">
              <Checklist
                connectionId={connection.id}
                items={checklist}
                done={ticked}
                verifiedAt={settled ? latest?.startedAt : null}
              />
            </div>
          </details>
        </Folded>
      </Section>
      <Section id="fields" title="4. Connection fields">
        <SalesforceFieldsForm
          connectionId={connection.id}
          saved={connection}
          keyVerified={connected}
          portalKey={props.portalKey}
        />
      </Section>
    </>
  );
}

// Once connected, the setup is history: folded below the summary, one click away.
export function SetupFold({ children }: { children: ReactNode }) {
  return (
    <details className="rounded-md border border-slate-200 bg-white p-4" data-testid="setup-details">
      <summary className="cursor-pointer py-1 font-medium">
        Setup details: certificate, Salesforce setup, fields
      </summary>
      <div className="mt-4 space-y-8">{children}</div>
    </details>
  );
}
