import { parentPort, workerData } from "node:worker_threads";
import { type DiscordEmulatorOptions, startDiscordEmulator } from "./index.ts";

/** Requests the main thread sends; answers go back with the same `seq`. */
export type RemoteOp =
  | { op: "command"; userId: string; sub: string; options: Record<string, unknown> }
  | { op: "lobby" }
  | { op: "burst"; messageId: string; customId: string; userIds: string[]; windowMs: number }
  | { op: "stats" }
  | { op: "close" };

const { options, members } = workerData as { options: DiscordEmulatorOptions; members: number };
const emu = await startDiscordEmulator(options);
const organizer = emu.addMember({ username: "olive", displayName: "Olive Organizer", roleIds: [emu.organizerRoleId] });
const memberIds = Array.from({ length: members }, (_, i) => emu.addMember({ username: `m${i + 1}` }));
const { driver } = emu;

async function handle(request: RemoteOp): Promise<unknown> {
  switch (request.op) {
    case "command":
      return driver.member(request.userId).runCommand(request.sub, request.options).reply();
    case "lobby": {
      const lobby = await driver.waitFor(
        () => driver.messages(emu.channelId).find((m) => m.buttons.some((b) => b.customId.startsWith("qm:join:"))),
        "the lobby message",
      );
      return { messageId: lobby.id, joinId: lobby.buttons.find((b) => b.customId.startsWith("qm:join:"))?.customId };
    }
    case "burst": {
      // Clicks spread evenly over the window, in 20 slices, as people clicking within one second would.
      const started = Date.now();
      const handles = [];
      const slices = 20;
      for (let s = 0; s < slices; s++) {
        const from = Math.floor((s * request.userIds.length) / slices);
        const to = Math.floor(((s + 1) * request.userIds.length) / slices);
        for (const id of request.userIds.slice(from, to))
          handles.push(driver.member(id).click(request.messageId, request.customId));
        await new Promise((resolve) => setTimeout(resolve, request.windowMs / slices));
      }
      const dispatchMs = Date.now() - started;
      for (let waited = 0; waited < 10_000 && handles.some((h) => h.record.ackedAtMs === null); waited += 50) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return {
        dispatchMs,
        acks: handles.map((h) => (h.record.ackedAtMs === null ? null : h.record.ackedAtMs - h.record.createdAtMs)),
      };
    }
    case "stats":
      return {
        requests: emu.requestLog.length,
        late10062: emu.requestLog.filter((r) => r.code === 10062).length,
        limited: emu.requestLog.filter((r) => r.status === 429).length,
      };
    case "close":
      await emu.close();
      return null;
  }
}

parentPort?.on("message", (message: { seq: number; request: RemoteOp }) => {
  handle(message.request).then(
    (result) => parentPort?.postMessage({ seq: message.seq, result }),
    (error: unknown) => parentPort?.postMessage({ seq: message.seq, error: String(error) }),
  );
});
parentPort?.postMessage({
  seq: 0,
  result: {
    token: emu.token,
    applicationId: emu.applicationId,
    apiUrl: emu.apiUrl,
    guildId: emu.guildId,
    channelId: emu.channelId,
    organizer,
    members: memberIds,
  },
});
