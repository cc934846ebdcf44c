import type { Logger } from "../../src/logger.ts";
import type { SlackMember, SlackWeb } from "./web.ts";

/**
 * The workspace's members as the adapter knows them: names for intros and summaries, admin flags for the Actor.
 * Warmed with users.list (Tier 2, 200 per page) at start so a 1,000-click burst or a 500-member round needs no
 * per-member users.info (Tier 4, 100/min would take minutes); kept fresh by user_change/team_join events;
 * users.info only for members not seen yet, one call per member however many events ask at once.
 */
export class Directory {
  private readonly members = new Map<string, SlackMember>();
  private readonly inflight = new Map<string, Promise<SlackMember>>();

  constructor(
    private readonly web: SlackWeb,
    private readonly logger: Logger,
  ) {}

  /** Load every member; failures (e.g. users:read missing) are left to checkSessionReadiness to report. */
  async warm(): Promise<number> {
    for (const member of await this.web.listUsers()) this.members.set(member.id, member);
    return this.members.size;
  }

  /** Record what an event says about a member (user_change, team_join). */
  remember(member: SlackMember): void {
    this.members.set(member.id, member);
  }

  /** The cached member, or one users.info call shared by every concurrent asker. */
  async get(userId: string): Promise<SlackMember> {
    const known = this.members.get(userId);
    if (known) return known;
    let pending = this.inflight.get(userId);
    if (!pending) {
      pending = this.web
        .userInfo(userId)
        .then((member) => {
          this.members.set(userId, member);
          return member;
        })
        .finally(() => this.inflight.delete(userId));
      this.inflight.set(userId, pending);
    }
    return pending;
  }

  /** Like `get`, but falls back to what the event payload said when Slack cannot be asked. */
  async getOr(userId: string, fallbackName: string): Promise<SlackMember> {
    try {
      return await this.get(userId);
    } catch (error) {
      // A name is not worth failing a round over; the admin flag falls back to "not an admin" (the safe side).
      this.logger.warn("slack: could not look up a member, using what the event said", { userId, error });
      return { id: userId, displayName: fallbackName || userId, isAdmin: false, isBot: false, deleted: false };
    }
  }
}
