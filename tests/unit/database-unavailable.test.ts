import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "@/lib/db/unavailable";

// The shapes measured against a real PostgreSQL being stopped (Prisma 7 with @prisma/adapter-pg), and what must stay a 500.
const adapter = (cause: object) => ({ meta: { driverAdapterError: { name: "DriverAdapterError", cause } } });

describe("isDatabaseUnavailable", () => {
  it.each([
    ["server down (model query)", { code: "P1001", ...adapter({ kind: "DatabaseNotReachable", port: 5432 }) }],
    ["server down (raw query)", { code: "P2010", ...adapter({ kind: "DatabaseNotReachable" }) }],
    ["query cut by the shutdown", { code: "P2010", ...adapter({ kind: "postgres", code: "57P01" }) }],
    ["server shutting down", { code: "P2039", ...adapter({ kind: "postgres", code: "57P03" }) }],
    ["dead client in a transaction", new Error("Client has encountered a connection error and is not queryable")],
    [
      "socket refused, as a cause",
      new Error("wrapped", { cause: Object.assign(new Error("x"), { code: "ECONNREFUSED" }) }),
    ],
  ])("%s: unavailable", (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ["unique violation", { code: "P2002", meta: { target: ["email"] } }],
    ["bad input in SQL", { code: "P2010", ...adapter({ kind: "postgres", code: "22P02" }) }],
    ["a bug", new TypeError("cannot read properties of undefined")],
    ["not an error", "P1001"],
  ])("%s: not unavailable", (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
