import "server-only";
import { getDb } from "@/lib/db/client";

export async function listStaffUsers() {
  return getDb().user.findMany({
    where: { role: { in: ["support", "admin"] } },
    orderBy: [{ role: "asc" }, { email: "asc" }],
    select: { id: true, email: true, role: true, disabledAt: true, lastSignInAt: true, createdAt: true },
  });
}
