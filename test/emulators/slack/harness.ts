import { createSlackAdapter, type SlackAdapter } from "../../../adapters/slack/index.ts";
import type { PacerOptions } from "../../../adapters/slack/pacer.ts";
import { commands } from "../../../commands/index.ts";
import { type Bot, createBot } from "../../../src/bot.ts";
import { defaultBotConfig } from "../../../src/config.ts";
import { type Logger, silentLogger } from "../../../src/logger.ts";
import { createMemoryStore } from "../../../src/store/memory.ts";
import type { Store } from "../../../src/store/port.ts";
import { ManualClock } from "../../fakes/manual-clock.ts";
import { type RateLimitOptions, type SlackDriver, type SlackEmulator, startSlackEmulator } from "./index.ts";
import { PACER_RATES } from "./rate-limits.ts";

export interface SlackHarnessOptions {
  mode: "http" | "socket";
  /** Public channels besides #general (the bot and every member are in them). */
  extraChannels?: readonly string[];
  /** Members besides the organizer (named m1, m2, …). Default 7. */
  members?: number;
  scopes?: readonly string[];
  rateLimits?: RateLimitOptions;
  pacing?: PacerOptions;
  /** The bot's store (default: a fresh memory store); pass one to start a second bot on the same state. */
  store?: Store;
  /** The adapter's and the core's logger (default silent). */
  logger?: Logger;
}

/**
 * The real @slack/bolt app (through the quickmeet Slack adapter) against the emulator, with the core on a manual
 * clock: tests move time by hand, every Web API call and delivery goes over 127.0.0.1.
 */
export async function createSlackHarness(options: SlackHarnessOptions) {
  const count = options.members ?? 7;
  const emu: SlackEmulator = await startSlackEmulator({
    seed: {
      users: [
        { name: "organizer", realName: "Olive Organizer", isAdmin: true },
        ...Array.from({ length: count }, (_, i) => ({ name: `m${i + 1}`, realName: `Member ${i + 1}` })),
      ],
      channels: ["general", ...(options.extraChannels ?? [])],
    },
    ...(options.scopes ? { scopes: options.scopes } : {}),
    rateLimits: options.rateLimits ?? { enabled: true },
  });
  const adapter: SlackAdapter = createSlackAdapter({
    mode: options.mode,
    botToken: emu.botToken,
    signingSecret: emu.signingSecret,
    ...(options.mode === "socket" ? { appToken: emu.appToken } : {}),
    port: 0,
    host: "127.0.0.1",
    apiUrl: emu.apiUrl,
    // Fast retries: the emulator's Retry-After is honoured by the client before these apply.
    retryConfig: { retries: 6, factor: 1.5, minTimeout: 20, maxTimeout: 500 },
    // The adapter paces at Slack's published floors by default; here it paces to the emulator's own buckets.
    pacing: { rates: PACER_RATES, ...options.pacing },
    ...(options.logger ? { logger: options.logger.child({ adapter: "slack" }) } : {}),
  });
  const clock = new ManualClock(Date.now());
  const store = options.store ?? createMemoryStore();
  const bot: Bot = createBot({
    commands,
    platforms: [adapter],
    store,
    clock,
    logger: options.logger ?? silentLogger,
    config: defaultBotConfig,
  });
  await bot.start();
  if (options.mode === "socket") await emu.waitForSocket();
  const driver: SlackDriver = emu.driver(
    options.mode === "http" ? { kind: "http", url: adapter.endpointUrl! } : { kind: "socket" },
  );
  const users = [...emu.workspace.users.values()].filter((u) => !u.isBot);
  const organizer = users.find((u) => u.name === "organizer")!.id;
  const members = users.filter((u) => u.name !== "organizer").map((u) => u.id);
  const channelId = emu.workspace.channelByName("general")!.id;

  /** Wait until the adapter's listeners and the core's background work are both done. */
  const settle = async () => {
    for (let i = 0; i < 3; i++) {
      await adapter.settled();
      await bot.idle();
    }
  };

  return {
    emu,
    adapter,
    bot,
    clock,
    store,
    driver,
    organizer,
    members,
    channelId,
    settle,
    /** Move the core's clock, letting every Slack call the timers cause finish in between. */
    advance: (ms: number) => clock.advance(ms, settle),
    /** Run `/quickmeet <text>` and wait for everything it caused. */
    async command(userId: string, text: string) {
      const delivery = await driver.slashCommand(userId, channelId, text);
      await settle();
      return delivery;
    },
    async stop() {
      await bot.stop();
      await adapter.stop();
      await emu.stop();
    },
  };
}

export type SlackHarness = Awaited<ReturnType<typeof createSlackHarness>>;
