import type { ReactNode } from "react";
import type { Diagnosis } from "@/lib/salesforce/errors";
import type { Audience } from "@/lib/salesforce/errors-audience";

type Props = {
  diagnosis: Pick<Diagnosis, "title" | "cause" | "fix" | "fixableBy" | "salesforceError" | "salesforceDescription">;
  audience: Audience;
  /** The run's id: the reference a provider-side cause gives the customer. */
  reference: string;
  title: { className: string; testId?: string };
  /** After the diagnosis: the link to the checklist step, or its name. */
  children?: ReactNode;
};

// A diagnosis in words: title, (for staff) whose side it is on, Why, Fix, and Salesforce's own words. One rendering
// for the verdict of a run and the staff page's latest verdict.
export function DiagnosisText({ diagnosis: d, audience, reference, title, children }: Props) {
  return (
    <>
      <p className={title.className} data-testid={title.testId}>
        {d.title}
      </p>
      {audience === "staff" && d.fixableBy === "provider" ? (
        <p className="font-medium text-red-900" data-testid="provider-side">
          On our side: the customer was told this is not in their Salesforce setup (reference {reference}).
        </p>
      ) : null}
      <p>
        <span className="font-medium">Why: </span>
        {d.cause}
      </p>
      <p>
        <span className="font-medium">Fix: </span>
        {d.fix}
      </p>
      {d.salesforceError ? (
        <p className="text-slate-600">
          Salesforce said: <code>{d.salesforceError}</code>
          {d.salesforceDescription ? <> — “{d.salesforceDescription}”</> : null}
        </p>
      ) : null}
      {children}
    </>
  );
}
