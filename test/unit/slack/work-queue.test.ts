import { describe, expect, it } from "vitest";
import { WorkQueue } from "../../../adapters/slack/work-queue.ts";

describe("the work queue behind acks", () => {
  it("runs commands and forms before queued clicks, a few at a time, and settles when all are done", async () => {
    const queue = new WorkQueue(1);
    const order: string[] = [];
    const job = (name: string) => async () => {
      order.push(name);
    };
    const all = [
      queue.run("bulk", job("click1")),
      queue.run("bulk", job("click2")),
      queue.run("interactive", job("command")),
    ];
    await queue.settled();
    await Promise.all(all);
    expect(order).toEqual(["command", "click1", "click2"]);
  });

  it("passes results and failures back to the caller", async () => {
    const queue = new WorkQueue();
    await expect(queue.run("bulk", async () => 42)).resolves.toBe(42);
    await expect(queue.run("bulk", async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
  });
});
