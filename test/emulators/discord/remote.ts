import { Worker } from "node:worker_threads";
import type { DiscordEmulatorOptions } from "./index.ts";
import type { RemoteOp } from "./remote-worker.ts";

export interface RemoteEmulatorInfo {
  token: string;
  applicationId: string;
  apiUrl: string;
  guildId: string;
  channelId: string;
  organizer: string;
  members: string[];
}

/**
 * The emulator in its own worker thread, driven by messages. Benches use it so Discord's side does not compete with
 * the bot for one event loop (on Discord it never does): ack latencies then measure the bot, not the emulator.
 */
export async function startRemoteDiscordEmulator(members: number, options: DiscordEmulatorOptions = {}) {
  const worker = new Worker(new URL("./remote-boot.mjs", import.meta.url), {
    workerData: { entry: new URL("./remote-worker.ts", import.meta.url).href, options, members },
    execArgv: [],
  });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let seq = 0;
  const ready = new Promise<RemoteEmulatorInfo>((resolve, reject) => {
    pending.set(0, { resolve: (v) => resolve(v as RemoteEmulatorInfo), reject });
  });
  worker.on("message", (message: { seq: number; result?: unknown; error?: string }) => {
    const waiter = pending.get(message.seq);
    pending.delete(message.seq);
    if (message.error !== undefined) waiter?.reject(new Error(message.error));
    else waiter?.resolve(message.result);
  });
  worker.on("error", (error) => {
    for (const waiter of pending.values()) waiter.reject(error);
  });
  const info = await ready;
  return {
    ...info,
    call<T>(request: RemoteOp): Promise<T> {
      const id = ++seq;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: (v) => resolve(v as T), reject });
        worker.postMessage({ seq: id, request });
      });
    },
    async close(): Promise<void> {
      await this.call({ op: "close" });
      await worker.terminate();
    },
  };
}
