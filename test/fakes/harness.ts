import { commands } from "../../commands/index.ts";
import { createBot } from "../../src/bot.ts";
import { defaultBotConfig } from "../../src/config.ts";
import type { PlatformId } from "../../src/domain/types.ts";
import { silentLogger } from "../../src/logger.ts";
import type { Metrics } from "../../src/metrics.ts";
import type { Actor, Invocation, Reply } from "../../src/platform/inbound.ts";
import { inlinePlanRunner, type PlanRunner } from "../../src/session/plan-runner.ts";
import { createMemoryStore } from "../../src/store/memory.ts";
import type { Store } from "../../src/store/port.ts";
import { FakePlatform } from "./fake-platform.ts";
import { ManualClock } from "./manual-clock.ts";

let eventSeq = 0;

/** A bot over the fake platform, a manual clock and a real store (memory unless given), with helpers to act as people. */
export function createHarness(
  options: {
    store?: Store;
    clock?: ManualClock;
    platform?: FakePlatform;
    planRunner?: PlanRunner;
    /** The instance id leases are held under (a restart of the same instance passes the same id). */
    instanceId?: string;
    metrics?: Metrics;
    /** Several harnesses stand for several processes sharing `store` (as on PostgreSQL). */
    sharedStore?: boolean;
  } = {},
) {
  const platform = options.platform ?? new FakePlatform();
  const clock = options.clock ?? new ManualClock();
  const store = options.store ?? createMemoryStore();
  // Plans inline by default (fast tests); the worker-thread runner production uses has its own test.
  const bot = createBot({
    commands,
    platforms: [platform],
    store,
    clock,
    logger: silentLogger,
    config: defaultBotConfig,
    planRunner: options.planRunner ?? inlinePlanRunner,
    ...(options.instanceId !== undefined ? { instanceId: options.instanceId } : {}),
    ...(options.metrics ? { metrics: options.metrics } : {}),
    ...(options.sharedStore ? { sharedStore: true } : {}),
  });
  const community = "guild-1";
  const channel = "chan-1";

  const actor = (userId: string, isAdmin = false): Actor => ({
    userId,
    displayName: `Name ${userId}`,
    isAdmin,
    roleIds: [],
  });
  const inv = (userId: string, isAdmin = false, eventId = `e${++eventSeq}`): Invocation => ({
    platform: platform.id as PlatformId,
    communityId: community,
    channelId: channel,
    actor: actor(userId, isAdmin),
    eventId,
  });

  return {
    bot,
    platform,
    clock,
    store,
    community,
    channel,
    inv,
    /** Runs a command as a member (or an admin). */
    command: (userId: string, name: string, options: Record<string, unknown> = {}, isAdmin = false): Promise<Reply> =>
      bot.runCommand(inv(userId, isAdmin), name, options),
    /** Clicks a button as a member. */
    click: (userId: string, actionId: string) => bot.handleAction(inv(userId), actionId),
    /** Moves time forward, letting every piece of background work settle between timers. */
    advance: (ms: number) => clock.advance(ms, () => bot.idle()),
    lobby: () => platform.channelPosts[0],
  };
}

export type Harness = ReturnType<typeof createHarness>;

/** Text of a reply, for assertions. */
export function replyText(reply: Reply): string {
  if (reply.kind === "form-errors") reply = { kind: "message", visibility: "private", message: reply.message };
  if (reply.kind !== "message") return `<${reply.kind}>`;
  return [reply.message.title, reply.message.text, ...(reply.message.fields ?? []).map((f) => `${f.label}: ${f.value}`)]
    .filter(Boolean)
    .join("\n");
}
