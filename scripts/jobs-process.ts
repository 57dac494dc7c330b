// PORTAL_ROLE=all under `npm start`: the background jobs in a child process of scripts/start.ts, beside the web server
// (PORTAL_ROLE=web), so a burst of scheduled re-tests never holds up the web server's event loop.
import { runWorkerOnly } from "./worker-process";

await runWorkerOnly(process.env, async (code) => process.exit(code));
// start.ts keeps an IPC channel open: when it goes, even with kill -9, finish the running jobs and stop too.
process.on("disconnect", () => process.kill(process.pid, "SIGTERM"));
