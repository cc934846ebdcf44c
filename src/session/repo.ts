import type { Group, PlatformId, Round, Session } from "../domain/types.ts";
import { keys } from "../store/keys.ts";
import type { Store } from "../store/port.ts";
import { GroupCommit } from "./group-commit.ts";

interface GroupUpdate {
  sessionId: string;
  round: number;
  groupId: string;
  change: (g: Group) => Group;
}

/** Where a platform space points: the group it hosts and until when messages there count. */
export interface SpaceLink {
  sessionId: string;
  round: number;
  groupId: string;
  members: string[];
  countUntil: number;
}

/** Persistence of sessions and rounds. Every write goes through `lock` so concurrent clicks never lose an update. */
export class SessionRepo {
  /** Group updates of one round are written together: a round's groups open in parallel. */
  private readonly groupUpdates = new GroupCommit<GroupUpdate, Group | undefined>((key, updates) =>
    this.applyGroupUpdates(key, updates),
  );

  constructor(private readonly store: Store) {}

  lock<T>(sessionId: string, fn: () => Promise<T>): Promise<T> {
    return this.store.withLock(keys.sessionLock(sessionId), fn);
  }

  get(sessionId: string): Promise<Session | undefined> {
    return this.store.get<Session>(keys.session(sessionId));
  }

  async save(session: Session): Promise<void> {
    await this.store.set(keys.session(session.id), session);
  }

  round(sessionId: string, n: number): Promise<Round | undefined> {
    return this.store.get<Round>(keys.round(sessionId, n));
  }

  async saveRound(round: Round): Promise<void> {
    await this.store.set(keys.round(round.sessionId, round.number), round);
  }

  /** Applies `change` to one group under the session lock; returns the updated group. */
  updateGroup(sessionId: string, n: number, groupId: string, change: (g: Group) => Group): Promise<Group | undefined> {
    return this.groupUpdates.submit(`${sessionId}\u0000${n}`, { sessionId, round: n, groupId, change });
  }

  private applyGroupUpdates(_key: string, updates: readonly GroupUpdate[]): Promise<(Group | undefined)[]> {
    const first = updates[0];
    if (!first) return Promise.resolve([]);
    return this.lock(first.sessionId, async () => {
      const round = await this.round(first.sessionId, first.round);
      if (!round) return updates.map(() => undefined);
      const results = updates.map((u) => {
        const index = round.groups.findIndex((g) => g.id === u.groupId);
        const group = round.groups[index];
        if (!group) return undefined;
        const next = u.change(group);
        round.groups[index] = next;
        return next;
      });
      await this.saveRound(round);
      return results;
    });
  }

  /** A cheap flag read by every group of a round before posting (the round record itself is large). */
  isRoundClosed(sessionId: string, n: number): Promise<boolean> {
    return this.store.get<boolean>(keys.roundClosed(sessionId, n)).then(Boolean);
  }

  async markRoundClosed(sessionId: string, n: number): Promise<void> {
    await this.store.set(keys.roundClosed(sessionId, n), true);
  }

  channelSessionId(p: PlatformId, c: string, channelId: string): Promise<string | undefined> {
    return this.store.get<string>(keys.channelSession(p, c, channelId));
  }

  /** Claims the channel for a new session; false when one is already running there. */
  claimChannel(p: PlatformId, c: string, channelId: string, sessionId: string): Promise<boolean> {
    return this.store.setIfAbsent(keys.channelSession(p, c, channelId), sessionId);
  }

  async releaseChannel(p: PlatformId, c: string, channelId: string): Promise<void> {
    await this.store.delete(keys.channelSession(p, c, channelId));
  }

  async activeIds(): Promise<string[]> {
    return (await this.store.get<string[]>(keys.activeSessions())) ?? [];
  }

  async setActive(sessionId: string, active: boolean): Promise<void> {
    await this.store.withLock(keys.activeSessionsLock(), async () => {
      const ids = (await this.store.get<string[]>(keys.activeSessions())) ?? [];
      const next = active ? [...new Set([...ids, sessionId])] : ids.filter((id) => id !== sessionId);
      await this.store.set(keys.activeSessions(), next);
    });
  }

  /** Links expire a day after counting stops: they name members, and nothing reads them later. */
  async linkSpace(p: PlatformId, spaceId: string, link: SpaceLink, now: number): Promise<void> {
    await this.store.set(keys.space(p, spaceId), link, Math.max(0, link.countUntil - now) + 86_400_000);
  }

  spaceLink(p: PlatformId, spaceId: string): Promise<SpaceLink | undefined> {
    return this.store.get<SpaceLink>(keys.space(p, spaceId));
  }
}
