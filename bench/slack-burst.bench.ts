import { type ChildProcess, fork } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { actionOn } from "../test/emulators/slack/find.ts";
import { type Delivery, startSlackEmulator } from "../test/emulators/slack/index.ts";
import { withBusyCore } from "./busy-core.ts";
import type { BenchFn, BenchRow } from "./types.ts";

/**
 * Slack burst: 1,000 members click Join within one second. The bot (real Bolt through the adapter, the core, a memory
 * store) runs in its own process, as it would against Slack; this process plays Slack (emulator + signed deliveries).
 * Measured: each click's ack latency as Slack would see it (p50/p99/max, acks over the 3 s window), then whether every
 * join was persisted in the session record.
 */
const botScript = fileURLToPath(new URL("../test/emulators/slack/bot-process.ts", import.meta.url));

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function ask<T>(child: ChildProcess, message: object, reply: string): Promise<T> {
  child.send(message);
  for (;;) {
    const [msg] = (await once(child, "message")) as [{ type: string } & T];
    if (msg.type === reply) return msg;
  }
}

const run: BenchFn = async ({ quick }) => {
  const rows: BenchRow[] = [];
  // The last run repeats HTTP mode with another process keeping one core busy.
  for (const [mode, busyCore] of [
    ["http", false],
    ["socket", false],
    ["http", true],
  ] as const) {
    if (busyCore) rows.push(await withBusyCore(() => burst(quick, mode, busyCore)));
    else rows.push(await burst(quick, mode, busyCore));
  }
  return rows;
};

async function burst(quick: boolean, mode: "http" | "socket", busyCore: boolean): Promise<BenchRow> {
  const clicks = quick ? 300 : 1000;
  const emu = await startSlackEmulator({
    seed: {
      users: [
        { name: "organizer", isAdmin: true },
        ...Array.from({ length: clicks }, (_, i) => ({ name: `m${i + 1}` })),
      ],
      channels: ["general"],
    },
  });
  const child = fork(botScript, [], {
    execArgv: ["--import", "tsx"],
    env: {
      ...process.env,
      SLACK_MODE: mode,
      SLACK_BOT_TOKEN: emu.botToken,
      SLACK_SIGNING_SECRET: emu.signingSecret,
      SLACK_API_URL: emu.apiUrl,
      ...(mode === "socket" ? { SLACK_APP_TOKEN: emu.appToken } : {}),
    },
  });
  try {
    const [ready] = (await once(child, "message")) as [{ endpointUrl: string | null }];
    if (mode === "socket") await emu.waitForSocket();
    const driver = emu.driver(mode === "http" ? { kind: "http", url: ready.endpointUrl ?? "" } : { kind: "socket" });
    const users = [...emu.workspace.users.values()].filter((u) => !u.isBot);
    const organizer = users.find((u) => u.name === "organizer")!.id;
    const members = users.filter((u) => u.id !== organizer).map((u) => u.id);
    const channelId = emu.workspace.channelByName("general")!.id;
    await driver.slashCommand(organizer, channelId, "start rounds:1 minutes:5 lobby_minutes:10");
    let lobby = emu.messagesIn(channelId).at(-1);
    for (let i = 0; i < 100 && !lobby; i++) {
      await new Promise((r) => setTimeout(r, 50));
      lobby = emu.messagesIn(channelId).at(-1);
    }
    const join = actionOn(lobby, "qm:join:");
    // Payloads are built and signed before the clock starts: only sending is left inside the second.
    const prepared = members.map((m) => driver.prepareClick(m, lobby!, join));
    const started = performance.now();
    const deliveries = await Promise.all(
      prepared.map(
        (send, i) =>
          new Promise<Delivery>((resolve, reject) => {
            setTimeout(() => send().then(resolve, reject), (i * 1000) / prepared.length);
          }),
      ),
    );
    const sentWithinMs = performance.now() - started;
    const { count } = await ask<{ count: number }>(
      child,
      { type: "participants", teamId: emu.teamId, channelId },
      "participants",
    );
    const acks = deliveries.map((d) => d.ackMs).sort((a, b) => a - b);
    const row: BenchRow = {
      bench: "slack-burst",
      mode,
      busyCore,
      clicks,
      sent_within_ms: Math.round(sentWithinMs),
      ack_p50_ms: percentile(acks, 50),
      ack_p99_ms: percentile(acks, 99),
      ack_max_ms: acks.at(-1) ?? 0,
      late_acks: deliveries.filter((d) => d.late).length,
      all_done_ms: Math.round(performance.now() - started),
      persisted: count,
      all_persisted: count === clicks,
      within_3s_share: Number((deliveries.filter((d) => !d.late).length / clicks).toFixed(4)),
    };
    await ask(child, { type: "stop" }, "stopped");
    return row;
  } finally {
    if (child.exitCode === null) child.kill();
    await emu.stop();
  }
}

export default run;
