import type { Group, PlatformId, Round, Session } from "../domain/types.ts";
import { keys } from "../store/keys.ts";
import { type Store, update } from "../store/port.ts";
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

/** The session record as stored: members are set rows (older records still carry them, until migrated). */
type StoredSession = Omit<Session, "participants" | "everJoined"> & { participants?: string[]; everJoined?: string[] };

/** Names of people who are not joiners (the organizer who never joined); joiners' names live on their rows. */
function namesOfOthers(names: Record<string, string>, joiners: readonly string[]): Record<string, string> {
  const joined = new Set(joiners);
  return Object.fromEntries(Object.entries(names).filter(([id]) => !joined.has(id)));
}

/**
 * Persistence of sessions and rounds. Writes of the session record and its rounds go through `lock` (cross-process
 * on PostgreSQL) so concurrent clicks never lose an update; members are set rows.
 */
export class SessionRepo {
  /** Group updates of one round are written together: a round's groups open in parallel. */
  private readonly groupUpdates = new GroupCommit<GroupUpdate, Group | undefined>((key, updates) =>
    this.applyGroupUpdates(key, updates),
  );

  constructor(private readonly store: Store) {}

  lock<T>(sessionId: string, fn: () => Promise<T>): Promise<T> {
    return this.store.withLock(keys.sessionLock(sessionId), fn);
  }

  /**
   * The session record with its members: participants and everyone who ever joined (with the name they joined
   * under) are set rows, one per member, so a Join or Leave click adds or removes a row instead of rewriting the
   * session record.
   */
  async get(sessionId: string): Promise<Session | undefined> {
    const [stored, participants, joiners] = await Promise.all([
      this.store.get<StoredSession>(keys.session(sessionId)),
      this.store.setMembers(keys.sessionParticipants(sessionId)),
      this.store.setEntries<string>(keys.sessionJoiners(sessionId)),
    ]);
    if (!stored) return undefined;
    if (stored.participants || stored.everJoined) return this.migrate(sessionId);
    const names = { ...stored.names };
    for (const j of joiners) if (j.data !== undefined) names[j.member] = j.data;
    return { ...stored, participants, everJoined: joiners.map((j) => j.member), names };
  }

  /**
   * A record written before members were set rows (participants and everJoined inside it): the record is rewritten
   * without them first (compare-and-set, so one reader migrates), then its members become rows.
   */
  private async migrate(sessionId: string): Promise<Session | undefined> {
    const current = await this.store.getVersioned<StoredSession>(keys.session(sessionId));
    if (!current?.value.participants && !current?.value.everJoined) return this.get(sessionId);
    const { participants = [], everJoined = [], ...rest } = current.value;
    const joinerNames = Object.fromEntries(everJoined.flatMap((m) => (rest.names[m] ? [[m, rest.names[m]]] : [])));
    const record = { ...rest, names: namesOfOthers(rest.names, everJoined) };
    if ((await this.store.compareAndSet(keys.session(sessionId), current.version, record)) === undefined)
      return this.get(sessionId);
    await this.store.addToSet(keys.sessionJoiners(sessionId), everJoined, joinerNames);
    await this.store.addToSet(keys.sessionParticipants(sessionId), participants);
    return this.get(sessionId);
  }

  /** Writes the session record; its members are not in it (see `addParticipants`, `removeParticipant`). */
  async save(session: Session): Promise<void> {
    const { participants: _p, everJoined, ...record } = session;
    await this.store.set(keys.session(session.id), { ...record, names: namesOfOthers(session.names, everJoined) });
  }

  /** Adds members (with the names they joined under); returns those who were not in the session yet. */
  async addParticipants(sessionId: string, members: readonly { userId: string; name: string }[]): Promise<string[]> {
    const ids = members.map((m) => m.userId);
    const names = Object.fromEntries(members.map((m) => [m.userId, m.name]));
    await this.store.addToSet(keys.sessionJoiners(sessionId), ids, names);
    return this.store.addToSet(keys.sessionParticipants(sessionId), ids);
  }

  /** Takes a member out of the session; false when they were not in it. */
  async removeParticipant(sessionId: string, userId: string): Promise<boolean> {
    return (await this.store.removeFromSet(keys.sessionParticipants(sessionId), [userId])).length > 0;
  }

  /** forget-me: the member's rows name `alias` instead, and the name they joined under is gone. */
  async renameMember(sessionId: string, userId: string, alias: string): Promise<void> {
    for (const set of [keys.sessionParticipants(sessionId), keys.sessionJoiners(sessionId)]) {
      if ((await this.store.removeFromSet(set, [userId])).length > 0) await this.store.addToSet(set, [alias]);
    }
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
    await update<string[]>(this.store, keys.activeSessions(), (ids = []) =>
      active ? [...new Set([...ids, sessionId])] : ids.filter((id) => id !== sessionId),
    );
  }

  /** Links expire a day after counting stops: they name members, and nothing reads them later. */
  async linkSpace(p: PlatformId, spaceId: string, link: SpaceLink, now: number): Promise<void> {
    await this.store.set(keys.space(p, spaceId), link, Math.max(0, link.countUntil - now) + 86_400_000);
  }

  spaceLink(p: PlatformId, spaceId: string): Promise<SpaceLink | undefined> {
    return this.store.get<SpaceLink>(keys.space(p, spaceId));
  }
}
