// The events a connection emits (issue #10). The scheduler decides when one happened (two failures in a row for
// `connection.failed`, the 30/7/1-day marks for `certificate.expiring`); this module only tells people.

/** The reminder marks (days before notAfter), used by lib/jobs/notify-task.ts; the type below accepts only these. */
export const EXPIRY_REMINDER_DAYS = [30, 7, 1] as const;

export type ConnectionEvent =
  | {
      type: "connection.failed" | "connection.warning" | "connection.recovered";
      connectionId: string;
      /** The run that decided it; the connection's latest run when left out. */
      testRunId?: string;
    }
  | { type: "certificate.expiring"; connectionId: string; daysLeft: (typeof EXPIRY_REMINDER_DAYS)[number] }
  | { type: "certificate.renewed"; connectionId: string };
