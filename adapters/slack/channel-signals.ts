import type { InterestSignal } from "../../src/domain/types.ts";
import type { Logger } from "../../src/logger.ts";
import type { SlackWeb } from "./web.ts";

/** How long a chosen channel's member list is reused: joining #podcasting counts from the next read after this. */
export const CHANNEL_SIGNAL_TTL_MS = 10 * 60_000;

interface Entry {
  at: number;
  /** Undefined for a channel that must not count (private, or unreadable). */
  members: Promise<Set<string> | undefined>;
}

/**
 * Members of the organizer-chosen channels, read with conversations.info (is it public?) and conversations.members
 * (paged, paced per tier by the adapter's pacer) and cached per channel for CHANNEL_SIGNAL_TTL_MS: a 500-member
 * round costs one listing per chosen channel, not one call per member. Concurrent readers share one listing.
 * Private channels never count, even when the bot can read them.
 */
export class ChannelSignals {
  private readonly cache = new Map<string, Entry>();

  constructor(
    private readonly web: SlackWeb,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  async memberSignals(chosen: readonly InterestSignal[], userIds: readonly string[]): Promise<Map<string, string[]>> {
    const channels = chosen.filter((s) => s.kind === "channel");
    const lists = await Promise.all(channels.map((c) => this.members(c.id)));
    const out = new Map<string, string[]>();
    for (const userId of userIds) {
      const held = channels.filter((_, i) => lists[i]?.has(userId) === true).map((c) => c.id);
      if (held.length > 0) out.set(userId, held);
    }
    return out;
  }

  /** forget-me: the member leaves every cached list (a later read after the TTL sees Slack's truth again). */
  forget(userId: string): void {
    for (const entry of this.cache.values()) void entry.members.then((set) => set?.delete(userId));
  }

  private members(channelId: string): Promise<Set<string> | undefined> {
    const cached = this.cache.get(channelId);
    if (cached && this.now() - cached.at < CHANNEL_SIGNAL_TTL_MS) return cached.members;
    const members = this.read(channelId);
    this.cache.set(channelId, { at: this.now(), members });
    return members;
  }

  private async read(channelId: string): Promise<Set<string> | undefined> {
    try {
      const info = await this.web.channelInfo(channelId);
      if (info.isPrivate) return undefined;
      return new Set(await this.web.channelMemberIds(channelId));
    } catch (error) {
      // One unreadable channel (archived, deleted, scope missing) must not take the others' signals with it; the
      // failure is not cached, so the next round asks again.
      this.cache.delete(channelId);
      this.logger.warn("slack: could not read a chosen interest channel; it does not count this time", {
        channelId,
        error,
      });
      return undefined;
    }
  }
}
