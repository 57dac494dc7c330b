// Browser-safe. A connection's certificates by state (README "Renewing a certificate"): the active one (in use),
// a pending renewal, and the retired ones, newest first as the query returns them.
export function certificatesByState<C extends { status: "active" | "pending" | "retired" }>(certificates: C[]) {
  return {
    active: certificates.find((c) => c.status === "active"),
    pending: certificates.find((c) => c.status === "pending"),
    retired: certificates.filter((c) => c.status === "retired"),
  };
}
