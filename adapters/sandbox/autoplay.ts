import type { Logger } from "../../src/logger.ts";
import { mulberry32 } from "../../src/pairing/rng.ts";
import type { SandboxInbound } from "./inbound.ts";
import { firstName, SEED_MEMBERS } from "./members.ts";
import { BOT_ID, type SandboxWorld, type WorldChange, type WorldMessage, type WorldSpace } from "./world.ts";

interface Task {
  timer: NodeJS.Timeout;
  run: () => Promise<unknown>;
}

export interface AutoplayOptions {
  /** Multiplies every simulated delay; 0 makes simulated members act at once (tests). */
  pace: number;
  seed: number;
  /** True while a viewer acts as this member: autoplay leaves them alone. */
  controlled: (userId: string) => boolean;
}

const interestsOf = (userId: string): string[] =>
  (SEED_MEMBERS.find((s) => s.id === userId)?.profile.interests ?? "")
    .split(",")
    .map((t) => t.trim())
    .filter(Boolean);

/**
 * Plays the simulated members so one person can watch a whole session: they join a lobby, write a few lines in
 * their space (reported to the core like any message), answer a human partner, and click feedback and
 * "stay in touch?" after each round. Everything goes through `SandboxInbound`, the same path a viewer's clicks take.
 */
export class Autoplay {
  private readonly pending = new Set<Task>();
  private readonly inflight = new Set<Promise<unknown>>();
  private readonly random: () => number;
  private readonly replies = new Map<string, number>();
  private stopped = false;

  constructor(
    private readonly world: SandboxWorld,
    private readonly inbound: SandboxInbound,
    private readonly logger: Logger,
    private readonly options: AutoplayOptions,
  ) {
    this.random = mulberry32(options.seed);
  }

  /** Subscribe to the world; returns the unsubscribe function. */
  attach(): () => void {
    return this.world.onChange((change) => this.react(change));
  }

  /** Runs every pending simulated action now (fast-forward does this before jumping ahead) and waits for them. */
  async flush(): Promise<void> {
    while (this.pending.size > 0) {
      const tasks = [...this.pending];
      this.pending.clear();
      for (const task of tasks) {
        clearTimeout(task.timer);
        this.track(task.run());
      }
      await this.idle();
    }
  }

  /** Resolves when no simulated action is running. */
  async idle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }

  stop(): void {
    this.stopped = true;
    for (const task of this.pending) clearTimeout(task.timer);
    this.pending.clear();
  }

  private sims(ids: readonly string[]): string[] {
    return ids.filter((id) => this.world.members.get(id)?.simulated === true);
  }

  private react(change: WorldChange): void {
    if (this.stopped) return;
    if (change.kind === "channel-post") this.onChannelPost(change.message);
    else if (change.kind === "space-post") this.onSpacePost(change.space, change.message);
  }

  /** A new lobby: every simulated member clicks Join within a few seconds. */
  private onChannelPost(message: WorldMessage): void {
    const join = buttonsOf(message).find((id) => id.startsWith("qm:join:"));
    if (!join) return;
    for (const sim of this.sims([...this.world.members.keys()])) {
      this.later(300 + this.random() * 3_000, () => this.click(sim, message.id, join));
    }
  }

  private onSpacePost(space: WorldSpace, message: WorldMessage): void {
    const sims = this.sims(space.members);
    if (message.author === BOT_ID) {
      const buttons = buttonsOf(message);
      if (space.messages.length === 1) this.chat(space, sims);
      else if (buttons.some((id) => id.startsWith("qm:fb:"))) this.answer(message, sims, buttons);
      else if (this.askedToExtend(space, message)) this.agreeToExtend(message, sims, buttons);
      return;
    }
    // Only a person at the page gets answers: autoplay never answers itself.
    const author = this.world.members.get(message.author);
    if (author?.simulated && !this.options.controlled(author.id)) return;
    // A human wrote: a simulated partner answers, a few times at most, so a viewer never talks to a wall.
    for (const sim of sims) {
      const key = `${space.id}:${sim}`;
      const count = this.replies.get(key) ?? 0;
      if (count >= 3) continue;
      this.replies.set(key, count + 1);
      this.later(1_200 + this.random() * 1_500, () => this.say(sim, space, reply(count, message.author, this.world)));
    }
  }

  /** A few opening lines each, spread over the first seconds of the round. */
  private chat(space: WorldSpace, sims: readonly string[]): void {
    sims.forEach((sim, i) => {
      const partner = space.members.find((m) => m !== sim) ?? sim;
      const lines = opening(sim, partner, this.world, i);
      lines.forEach((line, n) => {
        this.later(800 + n * 2_500 + i * 900 + this.random() * 1_500, () => this.say(sim, space, line));
      });
    });
  }

  /** Feedback (mostly good) and a "stay in touch" answer (mostly yes) from each simulated member. */
  private answer(message: WorldMessage, sims: readonly string[], buttons: readonly string[]): void {
    for (const sim of sims) {
      const r = this.random();
      const rating = r < 0.6 ? "great" : r < 0.9 ? "ok" : "not-great";
      const feedback = buttons.find((id) => id.startsWith("qm:fb:") && id.endsWith(`:${rating}`));
      const stay = buttons.find((id) => id.startsWith("qm:sit:") && id.endsWith(this.random() < 0.7 ? ":y" : ":n"));
      if (feedback) this.later(500 + this.random() * 2_500, () => this.click(sim, message.id, feedback));
      if (stay) this.later(1_000 + this.random() * 3_000, () => this.click(sim, message.id, stay));
    }
  }

  /**
   * The one-minute nudge offers "Extend 5 minutes" first; a later bot message with that button means someone in the
   * space asked for it. Simulated members never ask themselves, so a viewer's round only runs over when they want.
   */
  private askedToExtend(space: WorldSpace, message: WorldMessage): boolean {
    const offers = space.messages.filter((m) => m.author === BOT_ID && buttonsOf(m).some(isExtend));
    return offers.length > 1 && offers.at(-1) === message;
  }

  /** Simulated partners agree when someone asks for five more minutes. */
  private agreeToExtend(message: WorldMessage, sims: readonly string[], buttons: readonly string[]): void {
    const extend = buttons.find(isExtend);
    if (!extend) return;
    for (const sim of sims) this.later(800 + this.random() * 2_000, () => this.click(sim, message.id, extend));
  }

  private async click(sim: string, messageId: string, actionId: string): Promise<void> {
    if (this.options.controlled(sim)) return;
    const result = await this.inbound.click(sim, messageId, actionId);
    if (!result.ok) this.logger.debug("sandbox autoplay click refused", { sim, actionId, error: result.error });
  }

  private async say(sim: string, space: WorldSpace, text: string): Promise<void> {
    if (space.closed || this.options.controlled(sim)) return;
    await this.inbound.write(sim, space.id, text);
  }

  private later(ms: number, run: () => Promise<unknown>): void {
    const task: Task = {
      timer: setTimeout(() => {
        this.pending.delete(task);
        this.track(run());
      }, ms * this.options.pace),
      run,
    };
    task.timer.unref?.();
    this.pending.add(task);
  }

  private track(work: Promise<unknown>): void {
    const tracked = work.catch((error: unknown) => this.logger.warn("sandbox autoplay step failed", { error }));
    this.inflight.add(tracked);
    void tracked.finally(() => this.inflight.delete(tracked));
  }
}

const isExtend = (actionId: string) => actionId.startsWith("qm:ext:");

const buttonsOf = (message: WorldMessage): string[] => (message.message.buttons ?? []).flat().map((b) => b.actionId);

function opening(sim: string, partner: string, world: SandboxWorld, i: number): string[] {
  const mine = interestsOf(sim);
  const theirs = interestsOf(partner);
  const shared = mine.find((t) => theirs.includes(t));
  const who = firstName(world.name(partner));
  const hello = i % 2 === 0 ? `Hi ${who}! Nice to meet you.` : `Hey ${who}, great to be paired with you!`;
  const topic = shared
    ? `Oh, ${shared} too? How did you get into it?`
    : `I don't think we share much on paper. I'm big on ${mine[0] ?? "meeting people"}, what about you?`;
  const story = `Lately I spend most weekends on ${mine[1] ?? mine[0] ?? "this club"}. What keeps you busy?`;
  return i % 2 === 0 ? [hello, topic, story] : [hello, story];
}

function reply(count: number, author: string, world: SandboxWorld): string {
  const who = firstName(world.name(author));
  const lines = [
    `Good point, ${who}! Tell me more.`,
    "Ha, same here. What are you working on these days?",
    "This went fast. Let's stay in touch!",
  ];
  return lines[count] ?? lines[0]!;
}
