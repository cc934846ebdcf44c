import { createHash } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { commands as allCommands, type CommandDefinition } from "../../commands/index.ts";
import type { Bot } from "../../src/bot.ts";
import { type Clock, systemClock } from "../../src/clock.ts";
import { type Logger, silentLogger } from "../../src/logger.ts";
import type { PlatformAdapter } from "../../src/platform/adapter.ts";
import type { BotInbound } from "../../src/platform/inbound.ts";
import { Autoplay } from "./autoplay.ts";
import { SandboxClock } from "./clock.ts";
import { SandboxInbound } from "./inbound.ts";
import { ORGANIZER_ID, SANDBOX_CHANNEL, SANDBOX_COMMUNITY, SEED_MEMBERS } from "./members.ts";
import { autosave, loadWorld, snapshotOf } from "./persist.ts";
import { SandboxPlatform } from "./platform.ts";
import { createSandboxServer } from "./server.ts";
import { SandboxWorld } from "./world.ts";

export { createSandboxClock, SandboxClock } from "./clock.ts";
export { ORGANIZER_ID, SANDBOX_CHANNEL, SANDBOX_COMMUNITY } from "./members.ts";

export interface SandboxAdapterOptions {
  /** TCP port of the page; 0 picks a free one (tests). */
  port: number;
  /** Interface to listen on; keep the loopback default: the sandbox has no login. */
  host?: string;
  /** The clock `createBot` received. Fast-forward needs the `createSandboxClock()` one; any other clock disables it. */
  clock?: Clock;
  logger?: Logger;
  /** Add a dozen simulated members and store their profiles through `/quickmeet profile` (default true). */
  seedMembers?: boolean;
  /** Simulated members join, chat and answer feedback on their own (default true). */
  autoplay?: boolean;
  /** Multiplies autoplay's delays (default 1; 0 = at once, for tests). */
  autoplayPace?: number;
  /** Seed of autoplay's choices (ratings, stay-in-touch answers, timing). */
  autoplaySeed?: number;
  /**
   * A JSON file keeping the sandbox platform's own state (channel, spaces, DMs, clock offset) across restarts, as
   * Discord's or Slack's servers would; e.g. `<DATA_DIR>/sandbox-world.json`. Without it the page starts empty.
   */
  stateFile?: string;
  /** Commands the command box parses; defaults to the bot's own list. */
  commands?: readonly CommandDefinition[];
}

/** The sandbox platform adapter: the ChatPlatform port plus the web page that plays the platform's part. */
export interface SandboxAdapter extends PlatformAdapter {
  /** The page's address, e.g. `http://127.0.0.1:8787/` (the real port once started). */
  readonly url: string;
  /** The sandbox's platform state (tests observe it as a platform's own server state). */
  readonly world: SandboxWorld;
  /** Runs simulated members' pending steps, then skips the clock to the next deadline that changes something. */
  fastForward(): Promise<{ moved: boolean; skippedMs: number }>;
  /** Resolves when the bot and the simulated members have nothing in flight. */
  idle(): Promise<void>;
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
const profileKey = (profile: object) =>
  createHash("sha256").update(JSON.stringify(profile)).digest("base64url").slice(0, 16);

export function createSandboxAdapter(options: SandboxAdapterOptions): SandboxAdapter {
  const host = options.host ?? "127.0.0.1";
  const logger = options.logger ?? silentLogger;
  const clock = options.clock ?? systemClock;
  const world = new SandboxWorld(SANDBOX_COMMUNITY, () => clock.now());
  world.addChannel(SANDBOX_CHANNEL.id, SANDBOX_CHANNEL.name);
  const seeds = SEED_MEMBERS.filter((s) => s.organizer || options.seedMembers !== false);
  for (const s of seeds) world.addMember({ id: s.id, name: s.name, organizer: s.organizer, simulated: !s.organizer });

  if (options.stateFile) {
    const skipped = loadWorld(options.stateFile, world, logger);
    if (skipped !== undefined && clock instanceof SandboxClock) clock.restoreSkipped(skipped);
  }
  const saver = options.stateFile
    ? autosave(options.stateFile, () => snapshotOf(world, clock instanceof SandboxClock ? clock.skippedMs : 0), logger)
    : undefined;
  if (saver) world.onChange(() => saver.schedule());

  const platform = new SandboxPlatform(world);
  const viewers = new Map<string, number>();
  let server: Server | undefined;
  let autoplay: Autoplay | undefined;
  let detach: (() => void) | undefined;
  let botIdle: () => Promise<void> = tick;
  let url = `http://${host}:${options.port}/`;
  let forwarding: Promise<unknown> = Promise.resolve();

  const idle = async () => {
    for (let i = 0; i < 3; i++) {
      await botIdle();
      await autoplay?.idle();
      await tick();
    }
  };

  async function skipAhead(): Promise<{ moved: boolean; skippedMs: number }> {
    if (!(clock instanceof SandboxClock)) {
      logger.warn("sandbox fast-forward needs the clock from createSandboxClock() passed to createBot");
      return { moved: false, skippedMs: 0 };
    }
    await autoplay?.flush();
    await idle();
    const before = world.milestones;
    let moved = false;
    // Lobby countdown edits are deadlines too; keep skipping until something new is posted or opened.
    for (let i = 0; i < 200 && world.milestones === before; i++) {
      if (!(await clock.skipToNext(idle))) break;
      moved = true;
    }
    return { moved, skippedMs: clock.skippedMs };
  }

  /** One fast-forward at a time: a double click must not skip two deadlines at once. */
  const fastForward = () => {
    const run = forwarding.then(skipAhead, skipAhead);
    forwarding = run;
    return run;
  };

  async function seedProfiles(bot: BotInbound, inbound: SandboxInbound): Promise<void> {
    for (const s of seeds) {
      // A stable event id per profile version: restarts within the dedup window don't rewrite edited profiles.
      const invocation = { ...inbound.invocation(s.id), eventId: `sandbox-seed:${s.id}:${profileKey(s.profile)}` };
      const reply = await bot.runCommand(invocation, "profile", { ...s.profile });
      if (reply.kind === "message" && reply.message.title !== "Profile saved")
        logger.warn("sandbox could not store a simulated member's profile", {
          member: s.id,
          reply: reply.message.text,
        });
    }
  }

  const adapter: SandboxAdapter = {
    id: platform.id,
    maxSpaceMembers: platform.maxSpaceMembers,
    world,
    get url() {
      return url;
    },
    checkSessionReadiness: (c) => platform.checkSessionReadiness(c),
    postInChannel: (c, m) => platform.postInChannel(c, m),
    updateMessage: (r, m) => platform.updateMessage(r, m),
    openGroupSpace: (r) => platform.openGroupSpace(r),
    postInSpace: (s, m) => platform.postInSpace(s, m),
    removeFromSpace: (s, u) => platform.removeFromSpace(s, u),
    closeSpace: (s) => platform.closeSpace(s),
    sendPrivate: (c, u, m) => platform.sendPrivate(c, u, m),
    countChannelMembers: (c) => platform.countChannelMembers(c),
    displayName: (c, u) => platform.displayName(c, u),

    async start(bot) {
      const full = bot as BotInbound & Partial<Pick<Bot, "commands" | "idle">>;
      if (typeof full.idle === "function") botIdle = () => full.idle!();
      const commands = options.commands ?? full.commands ?? allCommands;
      const inbound = new SandboxInbound(world, bot, commands, SANDBOX_CHANNEL.id);
      if (options.seedMembers !== false) await seedProfiles(bot, inbound);
      if (options.autoplay !== false) {
        autoplay = new Autoplay(world, inbound, logger, {
          pace: options.autoplayPace ?? 1,
          seed: options.autoplaySeed ?? Date.now(),
          controlled: (id) => (viewers.get(id) ?? 0) > 0,
        });
        detach = autoplay.attach();
      }
      server = createSandboxServer({
        world,
        inbound,
        channelId: SANDBOX_CHANNEL.id,
        logger,
        viewers,
        time: () => ({
          now: clock.now(),
          skippedMs: clock instanceof SandboxClock ? clock.skippedMs : 0,
          nextDueAt: clock instanceof SandboxClock ? clock.nextDeadlineAt() : undefined,
        }),
        fastForward,
      });
      const listening = server;
      await new Promise<void>((resolve, reject) => {
        listening.once("error", reject);
        listening.listen(options.port, host, () => resolve());
      });
      const address = listening.address() as AddressInfo;
      url = `http://${host}:${address.port}/`;
      logger.info("sandbox page ready", { url, organizer: ORGANIZER_ID });
    },

    async stop() {
      autoplay?.stop();
      detach?.();
      saver?.flush();
      const closing = server;
      server = undefined;
      if (!closing) return;
      closing.closeAllConnections();
      await new Promise<void>((resolve) => closing.close(() => resolve()));
    },

    idle,
    fastForward,
  };
  return adapter;
}
