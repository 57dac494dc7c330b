"use server";

import { revalidatePath } from "next/cache";
import { staffAction } from "@/lib/auth/actions";
import { discardDeadJob, retryDeadJob } from "@/lib/jobs/dead-letter";
import { deadJobSchema } from "@/lib/jobs/schemas";

// Whoever may run any connection's test may run a failed re-test again, or drop it so the schedule takes over.
const GONE = "This job is no longer in the failed list (retried or discarded already). Reload the page.";

export const retryJobAction = staffAction("tests:run-any", deadJobSchema, async ({ data }) => {
  const done = await retryDeadJob(BigInt(data.jobId));
  revalidatePath("/support/jobs");
  return done
    ? { ok: true, message: "The job will run again in a moment, with a fresh set of attempts." }
    : { ok: false, error: GONE };
});

export const discardJobAction = staffAction("tests:run-any", deadJobSchema, async ({ data }) => {
  const done = await discardDeadJob(BigInt(data.jobId));
  revalidatePath("/support/jobs");
  return done
    ? { ok: true, message: "Discarded: the connection's schedule resumes at its next slot." }
    : { ok: false, error: GONE };
});
