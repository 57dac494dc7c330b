// Liveness: the process answers. No database, on purpose: a restarting PostgreSQL must not get healthy instances
// restarted (readiness, /api/health/ready, says "not ready" instead). /api/health is the same answer.
export { GET } from "../route";
