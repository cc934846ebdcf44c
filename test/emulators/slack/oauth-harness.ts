import { randomBytes } from "node:crypto";
import { createSlackAdapter, type SlackAdapter } from "../../../adapters/slack/index.ts";
import { StoreInstallationStore } from "../../../adapters/slack/installations.ts";
import { TokenCipher } from "../../../adapters/slack/token-cipher.ts";
import { commands } from "../../../commands/index.ts";
import { type Bot, createBot } from "../../../src/bot.ts";
import { defaultBotConfig } from "../../../src/config.ts";
import { type Logger, silentLogger } from "../../../src/logger.ts";
import { createMemoryStore } from "../../../src/store/memory.ts";
import type { Store } from "../../../src/store/port.ts";
import { ManualClock } from "../../fakes/manual-clock.ts";
import { type SlackDriver, type SlackEmulator, startSlackEmulator } from "./index.ts";
import { installThroughOAuth } from "./install.ts";
import { PACER_RATES } from "./rate-limits.ts";
import type { Workspace } from "./state.ts";

/** One emulated workspace as a test sees it: who organizes, who joins, where, and a driver playing its members. */
export interface TeamView {
  ws: Workspace;
  driver: SlackDriver;
  organizer: string;
  members: string[];
  channelId: string;
}

const people = (prefix: string, count: number) => [
  { name: `${prefix}-organizer`, realName: `${prefix} Organizer`, isAdmin: true },
  ...Array.from({ length: count }, (_, i) => ({ name: `${prefix}-m${i + 1}`, realName: `${prefix} Member ${i + 1}` })),
];

/**
 * The real @slack/bolt app in OAuth mode (no SLACK_BOT_TOKEN: every workspace installs it through "Add to Slack")
 * against one emulator holding two workspaces, with the core on a manual clock.
 */
export async function createOAuthHarness(
  options: { members?: number; store?: Store; key?: string; logger?: Logger } = {},
) {
  const count = options.members ?? 5;
  const emu: SlackEmulator = await startSlackEmulator({
    seed: { teamId: "T0001", teamName: "Alpha", users: people("alpha", count), channels: ["general"] },
    rateLimits: { enabled: true },
  });
  emu.addWorkspace({ teamId: "T0002", teamName: "Beta", users: people("beta", count), channels: ["general"] });
  const store = options.store ?? createMemoryStore();
  const key = options.key ?? randomBytes(32).toString("base64");
  const installations = new StoreInstallationStore(store, TokenCipher.fromBase64(key));
  const adapter: SlackAdapter = createSlackAdapter({
    mode: "http",
    signingSecret: emu.signingSecret,
    oauth: {
      clientId: emu.clientId,
      clientSecret: emu.clientSecret,
      stateSecret: "emulator-state-secret",
      installationStore: installations,
      authorizationUrl: emu.authorizeUrl,
    },
    port: 0,
    host: "127.0.0.1",
    apiUrl: emu.apiUrl,
    retryConfig: { retries: 6, factor: 1.5, minTimeout: 20, maxTimeout: 500 },
    pacing: { rates: PACER_RATES },
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const clock = new ManualClock(Date.now());
  const bot: Bot = createBot({
    commands,
    platforms: [adapter],
    store,
    clock,
    logger: options.logger ?? silentLogger,
    config: defaultBotConfig,
  });
  await bot.start();
  const target = { kind: "http" as const, url: adapter.endpointUrl! };
  const team = (ws: Workspace): TeamView => {
    const users = [...ws.users.values()].filter((u) => !u.isBot);
    return {
      ws,
      driver: emu.driver(target, ws),
      organizer: users.find((u) => u.name.endsWith("-organizer"))!.id,
      members: users.filter((u) => !u.name.endsWith("-organizer")).map((u) => u.id),
      channelId: ws.channelByName("general")!.id,
    };
  };
  const [alpha, beta] = [team(emu.workspaces[0]!), team(emu.workspaces[1]!)] as [TeamView, TeamView];
  const settle = async () => {
    for (let i = 0; i < 3; i++) {
      await emu.deliveriesSettled();
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
    installations,
    alpha,
    beta,
    settle,
    advance: (ms: number) => clock.advance(ms, settle),
    /** A member of the team installs the app through /slack/install. */
    install: (t: TeamView, userId = t.organizer) => installThroughOAuth(emu, adapter.installUrl!, t.ws, userId),
    async command(t: TeamView, userId: string, text: string) {
      const delivery = await t.driver.slashCommand(userId, t.channelId, text);
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

export type OAuthHarness = Awaited<ReturnType<typeof createOAuthHarness>>;
