import { describe, expect, it } from "vitest";
import { FairQueue } from "@/lib/limits/fair-queue";

// A task that records when it starts and finishes when released.
function recorder() {
  const started: string[] = [];
  const releases = new Map<string, () => void>();
  const task = (name: string) => () =>
    new Promise<string>((resolve) => {
      started.push(name);
      releases.set(name, () => resolve(name));
    });
  const finish = async (name: string) => {
    releases.get(name)!();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { started, task, finish };
}

describe("FairQueue", () => {
  it("serves waiting owners in turn, not in arrival order", async () => {
    const queue = new FairQueue(1);
    const { started, task, finish } = recorder();
    const all = [
      ...["a1", "a2", "a3", "a4"].map((n) => queue.run("tenant-a", task(n))),
      queue.run("tenant-b", task("b1")),
      queue.run("tenant-c", task("c1")),
    ];
    for (const name of ["a1", "a2", "b1", "c1", "a3", "a4"]) await finish(name);
    expect(started).toEqual(["a1", "a2", "b1", "c1", "a3", "a4"]);
    await expect(Promise.all(all)).resolves.toEqual(["a1", "a2", "a3", "a4", "b1", "c1"]);
  });

  it("runs background work only when no owner waits, and never more than the concurrency", async () => {
    const queue = new FairQueue(2);
    const { started, task, finish } = recorder();
    void queue.run(null, task("refill-1"));
    void queue.run(null, task("refill-2"));
    void queue.run("tenant-a", task("a1"));
    void queue.run("tenant-b", task("b1"));
    expect(started).toEqual(["refill-1", "refill-2"]);
    expect(queue.pending).toBe(2);
    await finish("refill-1");
    expect(started).toEqual(["refill-1", "refill-2", "a1"]);
    void queue.run(null, task("refill-3"));
    await finish("refill-2");
    await finish("a1");
    expect(started).toEqual(["refill-1", "refill-2", "a1", "b1", "refill-3"]);
  });

  it("frees the slot of a task that fails", async () => {
    const queue = new FairQueue(1);
    await expect(queue.run("a", () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(queue.run("a", () => Promise.resolve("next"))).resolves.toBe("next");
  });
});
