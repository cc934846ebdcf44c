import type { Group, PlatformId, Round, Session } from "../domain/types.ts";
import { keys } from "../store/keys.ts";
import type { Store } from "../store/port.ts";

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
    return this.lock(sessionId, async () => {
      const round = await this.round(sessionId, n);
      const index = round?.groups.findIndex((g) => g.id === groupId) ?? -1;
      const group = round?.groups[index];
      if (!round || !group) return undefined;
      const next = change(group);
      round.groups[index] = next;
      await this.saveRound(round);
      return next;
    });
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

  async linkSpace(p: PlatformId, spaceId: string, link: SpaceLink): Promise<void> {
    await this.store.set(keys.space(p, spaceId), link);
  }

  spaceLink(p: PlatformId, spaceId: string): Promise<SpaceLink | undefined> {
    return this.store.get<SpaceLink>(keys.space(p, spaceId));
  }
}
