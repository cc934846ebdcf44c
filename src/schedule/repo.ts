import type { AsyncGroup, AsyncMeet, ChannelPool, Schedule } from "../domain/schedule.ts";
import type { PlatformId } from "../domain/types.ts";
import { SCHEMA_VERSION } from "../domain/types.ts";
import { keys } from "../store/keys.ts";
import type { Store } from "../store/port.ts";

/** Persistence of schedules, async meets and channel pools. Read-modify-writes go through a lock. */
export class ScheduleRepo {
  constructor(private readonly store: Store) {}

  get(id: string): Promise<Schedule | undefined> {
    return this.store.get<Schedule>(keys.schedule(id));
  }

  async ids(): Promise<string[]> {
    return (await this.store.get<string[]>(keys.schedulesIndex())) ?? [];
  }

  async all(): Promise<Schedule[]> {
    const found = await this.store.getMany<Schedule>((await this.ids()).map(keys.schedule));
    return found.filter((s): s is Schedule => s !== undefined);
  }

  async inCommunity(p: PlatformId, c: string): Promise<Schedule[]> {
    return (await this.all()).filter((s) => s.platform === p && s.communityId === c);
  }

  async add(schedule: Schedule): Promise<void> {
    await this.store.set(keys.schedule(schedule.id), schedule);
    await this.store.withLock(keys.schedulesLock(), async () => {
      const ids = await this.ids();
      if (!ids.includes(schedule.id)) await this.store.set(keys.schedulesIndex(), [...ids, schedule.id]);
    });
  }

  /** Applies `change` under the schedule's lock; undefined when it no longer exists. */
  update(id: string, change: (s: Schedule) => Schedule): Promise<Schedule | undefined> {
    return this.store.withLock(keys.schedule(id), async () => {
      const current = await this.get(id);
      if (!current) return undefined;
      const next = change(current);
      await this.store.set(keys.schedule(id), next);
      return next;
    });
  }

  async remove(id: string): Promise<void> {
    await this.store.delete(keys.schedule(id));
    await this.store.withLock(keys.schedulesLock(), async () => {
      const ids = await this.ids();
      await this.store.set(
        keys.schedulesIndex(),
        ids.filter((x) => x !== id),
      );
    });
  }

  async pool(p: PlatformId, c: string, channelId: string): Promise<ChannelPool> {
    return (await this.store.get<ChannelPool>(keys.channelPool(p, c, channelId))) ?? { v: SCHEMA_VERSION, members: {} };
  }

  updatePool(
    p: PlatformId,
    c: string,
    channelId: string,
    change: (pool: ChannelPool) => ChannelPool,
  ): Promise<ChannelPool> {
    return this.store.withLock(keys.channelPoolLock(p, c, channelId), async () => {
      const next = change(await this.pool(p, c, channelId));
      await this.store.set(keys.channelPool(p, c, channelId), next);
      return next;
    });
  }

  meet(id: string): Promise<AsyncMeet | undefined> {
    return this.store.get<AsyncMeet>(keys.asyncMeet(id));
  }

  async saveMeet(meet: AsyncMeet): Promise<void> {
    await this.store.set(keys.asyncMeet(meet.id), meet);
  }

  updateMeet(id: string, change: (m: AsyncMeet) => AsyncMeet): Promise<AsyncMeet | undefined> {
    return this.store.withLock(keys.asyncMeetLock(id), async () => {
      const current = await this.meet(id);
      if (!current) return undefined;
      const next = change(current);
      await this.saveMeet(next);
      return next;
    });
  }

  async updateGroup(
    meetId: string,
    groupId: string,
    change: (g: AsyncGroup) => AsyncGroup,
  ): Promise<AsyncGroup | undefined> {
    let updated: AsyncGroup | undefined;
    await this.updateMeet(meetId, (m) => ({
      ...m,
      groups: m.groups.map((g) => {
        if (g.id !== groupId) return g;
        updated = change(g);
        return updated;
      }),
    }));
    return updated;
  }
}
