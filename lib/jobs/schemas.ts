import { z } from "zod";
import { RETEST_INTERVALS } from "@/lib/jobs/intervals";

const interval = z.enum(RETEST_INTERVALS, "Choose one of the intervals in the list.");

export const tenantRetestIntervalSchema = z.object({ tenantId: z.uuid("Unknown tenant."), interval });

// "tenant": no override, the connection follows its tenant's interval.
export const connectionRetestIntervalSchema = z.object({
  connectionId: z.uuid("Unknown connection."),
  interval: z.enum([...RETEST_INTERVALS, "tenant"], "Choose one of the intervals in the list."),
});

export const deadJobSchema = z.object({
  jobId: z.string().regex(/^[0-9]{1,18}$/, "Unknown job: reload the page."),
});
