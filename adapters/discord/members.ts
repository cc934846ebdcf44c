import { type Client, type GuildMember, PermissionFlagsBits } from "discord.js";
import type { InterestSignal } from "../../src/domain/types.ts";

/** How long a channel's member count is reused (the list costs one request per 1,000 members). */
const COUNT_TTL_MS = 5 * 60_000;

/**
 * Display names and channel head-counts. Names come free with every interaction and the gateway's member cache;
 * a miss costs one GET of that member.
 */
export class MemberDirectory {
  readonly #names = new Map<string, string>();
  readonly #counts = new Map<string, { at: number; count: number }>();
  readonly #lists = new Map<string, { at: number; members: Promise<GuildMember[]> }>();

  constructor(private readonly client: Client) {}

  remember(guildId: string, userId: string, name: string): void {
    this.#names.set(`${guildId}:${userId}`, name);
  }

  forget(guildId: string, userId: string): void {
    this.#names.delete(`${guildId}:${userId}`);
  }

  async displayName(guildId: string, userId: string): Promise<string> {
    const known = this.#names.get(`${guildId}:${userId}`);
    if (known) return known;
    const guild = this.client.guilds.cache.get(guildId);
    let member: GuildMember | undefined = guild?.members.cache.get(userId);
    if (!member && guild) member = await guild.members.fetch(userId).catch(() => undefined);
    const name =
      member?.displayName ??
      (await this.client.users.fetch(userId).catch(() => undefined))?.displayName ??
      `<@${userId}>`;
    this.remember(guildId, userId, name);
    return name;
  }

  /**
   * Whether the member may view the channel (View Channel after roles and overwrites), from the gateway's caches; a
   * member the cache lacks costs one GET. Someone not in the server, or a channel not in it, sees nothing.
   */
  async canSee(guildId: string, channelId: string, userId: string): Promise<boolean> {
    const guild = this.client.guilds.cache.get(guildId);
    const channel = guild?.channels.cache.get(channelId);
    if (!guild || !channel) return false;
    const member = guild.members.cache.get(userId) ?? (await guild.members.fetch(userId).catch(() => undefined));
    return member ? channel.permissionsFor(member).has(PermissionFlagsBits.ViewChannel) : false;
  }

  /**
   * Humans who can view the channel: the guild's member list checked against channel permissions. The list (paged by
   * 1,000) is read once per guild and reused for every channel, so stats over 60 channels cost one listing, not 60.
   */
  async countChannelMembers(guildId: string, channelId: string): Promise<number> {
    const key = `${guildId}:${channelId}`;
    const cached = this.#counts.get(key);
    if (cached && Date.now() - cached.at < COUNT_TTL_MS) return cached.count;
    const [guild, members] = await Promise.all([
      this.client.guilds.cache.get(guildId) ?? this.client.guilds.fetch(guildId),
      this.#humans(guildId),
    ]);
    const channel = guild.channels.cache.get(channelId);
    const count = channel
      ? members.filter((m) => channel.permissionsFor(m).has(PermissionFlagsBits.ViewChannel)).length
      : members.length;
    this.#counts.set(key, { at: Date.now(), count });
    return count;
  }

  /**
   * Which chosen roles each member holds, from the gateway's member cache (kept current by GUILD_MEMBER_UPDATE,
   * intent Guild Members): no request at all when every member is cached, one guild listing when some are not.
   * Channels do not count on Discord (who "is in" a channel is a permission, not a choice the member made).
   */
  async memberSignals(
    guildId: string,
    chosen: readonly InterestSignal[],
    userIds: readonly string[],
  ): Promise<Map<string, string[]>> {
    const roles = new Set(chosen.filter((s) => s.kind === "role").map((s) => s.id));
    const out = new Map<string, string[]>();
    if (roles.size === 0) return out;
    const guild = this.client.guilds.cache.get(guildId) ?? (await this.client.guilds.fetch(guildId));
    if (userIds.some((u) => !guild.members.cache.has(u))) await this.#humans(guildId);
    for (const userId of userIds) {
      const member = guild.members.cache.get(userId);
      const held = member ? [...member.roles.cache.keys()].filter((r) => roles.has(r)) : [];
      if (held.length > 0) out.set(userId, held);
    }
    return out;
  }

  /** The guild's human members, listed at most once per COUNT_TTL_MS (concurrent callers share one listing). */
  #humans(guildId: string): Promise<GuildMember[]> {
    const cached = this.#lists.get(guildId);
    if (cached && Date.now() - cached.at < COUNT_TTL_MS) return cached.members;
    const members = (async () => {
      const guild = this.client.guilds.cache.get(guildId) ?? (await this.client.guilds.fetch(guildId));
      const out: GuildMember[] = [];
      let after = "0";
      for (;;) {
        const page = await guild.members.list({ limit: 1000, after, cache: true });
        for (const member of page.values()) {
          if (member.user.bot) continue;
          this.remember(guildId, member.id, member.displayName);
          out.push(member);
        }
        const last = page.lastKey();
        if (page.size < 1000 || !last) break;
        after = last;
      }
      return out;
    })();
    this.#lists.set(guildId, { at: Date.now(), members });
    members.catch(() => this.#lists.delete(guildId));
    return members;
  }
}
