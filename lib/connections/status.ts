import { ConnectionStatus } from "@/lib/db/generated/enums";

// A connection's status (the generated Prisma enum) and its wording everywhere it is shown. Browser-safe.
export type { ConnectionStatus };

export const CONNECTION_STATUSES = Object.values(ConnectionStatus) as [ConnectionStatus, ...ConnectionStatus[]];

// label: the badge and a run's verdict; short: the dashboard's filter and counts, where "Connected" stands beside it.
export const CONNECTION_STATUS: Record<ConnectionStatus, { label: string; short: string }> = {
  never_tested: { label: "Never tested", short: "Never tested" },
  connected: { label: "Connected", short: "Connected" },
  warnings: { label: "Connected with warnings", short: "Warnings" },
  failed: { label: "Failed", short: "Failed" },
};
