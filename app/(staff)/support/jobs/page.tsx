import Link from "next/link";
import { PageHeader } from "@/components/ui/page-header";
import { Table } from "@/components/ui/table";
import { hasPermission } from "@/lib/auth/permissions";
import { requirePermissionPage } from "@/lib/auth/session";
import { formatUtc } from "@/lib/dates";
import { DEAD_JOBS_SHOWN, listDeadJobs, type DeadJob } from "@/lib/jobs/dead-letter";
import { JobActions } from "./job-actions";

export const metadata = { title: "Failed jobs · Support console" };

const TASK_WORDS: Record<string, string> = {
  retest_connection: "Scheduled re-test",
  schedule_retests: "Schedule tick",
};

// The dead-letter view: background jobs that failed every attempt (graphile-worker backs off between them). A
// Salesforce failure is not one of these: it is recorded as the connection's test run. These are the portal's own
// failures (the database, a bug), with the error's first line.
export default async function FailedJobsPage() {
  const user = await requirePermissionPage("connections:read-all");
  const { jobs, total } = await listDeadJobs();
  const canAct = hasPermission(user.role, "tests:run-any");
  const what = (job: DeadJob) => `${TASK_WORDS[job.task] ?? job.task} ${job.connectionName ?? job.id}`;
  return (
    <div className="space-y-6">
      <PageHeader
        title="Failed jobs"
        description={
          total > DEAD_JOBS_SHOWN
            ? `${total} jobs failed every attempt; the newest ${DEAD_JOBS_SHOWN} are shown.`
            : "Background jobs that failed every attempt. While a connection's re-test is here, the schedule adds no other: retry it, or discard it to let the schedule take over at the connection's next slot."
        }
      />
      <Table
        label="Failed jobs"
        rows={jobs}
        rowTestId="failed-job"
        empty="No failed jobs. Scheduled re-tests are running normally."
        columns={[
          { header: "Job", cell: (job) => TASK_WORDS[job.task] ?? job.task },
          {
            header: "Connection",
            cell: (job) =>
              job.connectionId ? (
                <Link href={`/support/connections/${job.connectionId}`} className="text-blue-700 underline">
                  {job.tenantName} / {job.connectionName}
                </Link>
              ) : (
                "—"
              ),
          },
          { header: "Attempts", cell: (job) => job.attempts },
          { header: "Last error", cell: (job) => job.lastError ?? "—", className: "max-w-md break-words" },
          { header: "Failed at", cell: (job) => formatUtc(job.failedAt) },
          canAct && { header: "Actions", cell: (job) => <JobActions jobId={job.id} what={what(job)} /> },
        ]}
      />
    </div>
  );
}
