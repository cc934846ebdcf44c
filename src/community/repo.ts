import type { Clock } from "../clock.ts";
import type { DEFAULTS } from "../config.ts";
import {
  type CommunitySettings,
  type EventRecord,
  type MemberState,
  type PlatformId,
  type Profile,
  SCHEMA_VERSION,
  type SessionOptions,
} from "../domain/types.ts";
import type { Actor } from "../platform/inbound.ts";
import { keys } from "../store/keys.ts";
import { type Store, update } from "../store/port.ts";

/** How many asked-question ids to remember per member (enough to avoid repeats for a long time). */
const ASKED_MEMORY = 300;

/** Reads and writes community-scoped records: settings, profiles, member state and the event stream. */
const newMemberState = (userId: string): MemberState => ({
  v: SCHEMA_VERSION,
  userId,
  blocked: [],
  askedQuestions: [],
  optedOut: false,
});

export class CommunityRepo {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly sessionDefaults: SessionOptions | typeof DEFAULTS.session,
  ) {}

  async settings(p: PlatformId, c: string): Promise<CommunitySettings> {
    return (await this.store.get<CommunitySettings>(keys.community(p, c))) ?? this.defaultSettings();
  }

  private defaultSettings(): CommunitySettings {
    return { v: SCHEMA_VERSION, organizerUserIds: [], defaults: { ...this.sessionDefaults }, customQuestions: [] };
  }

  /** Read-modify-write of settings by compare-and-set: concurrent edits (from any process) retry, never overwrite. */
  async updateSettings(
    p: PlatformId,
    c: string,
    change: (s: CommunitySettings) => CommunitySettings,
  ): Promise<CommunitySettings> {
    return update<CommunitySettings>(this.store, keys.community(p, c), (current) =>
      change(current ?? this.defaultSettings()),
    );
  }

  isOrganizer(actor: Actor, settings: CommunitySettings): boolean {
    return (
      actor.isAdmin ||
      settings.organizerUserIds.includes(actor.userId) ||
      (settings.organizerRoleId !== undefined && actor.roleIds.includes(settings.organizerRoleId))
    );
  }

  profile(p: PlatformId, c: string, userId: string): Promise<Profile | undefined> {
    return this.store.get<Profile>(keys.profile(p, c, userId));
  }

  async profiles(p: PlatformId, c: string, userIds: readonly string[]): Promise<Map<string, Profile>> {
    const found = await this.store.getMany<Profile>(userIds.map((u) => keys.profile(p, c, u)));
    const map = new Map<string, Profile>();
    found.forEach((profile, i) => {
      const id = userIds[i];
      if (profile && id !== undefined) map.set(id, profile);
    });
    return map;
  }

  async saveProfile(p: PlatformId, c: string, profile: Profile): Promise<void> {
    await this.store.set(keys.profile(p, c, profile.userId), profile);
  }

  async memberState(p: PlatformId, c: string, userId: string): Promise<MemberState> {
    return (await this.store.get<MemberState>(keys.memberState(p, c, userId))) ?? newMemberState(userId);
  }

  async memberStates(p: PlatformId, c: string, userIds: readonly string[]): Promise<Map<string, MemberState>> {
    const entries = await Promise.all(userIds.map(async (u) => [u, await this.memberState(p, c, u)] as const));
    return new Map(entries);
  }

  async updateMemberState(
    p: PlatformId,
    c: string,
    userId: string,
    change: (s: MemberState) => MemberState,
  ): Promise<MemberState> {
    return update<MemberState>(this.store, keys.memberState(p, c, userId), (current) =>
      change(current ?? newMemberState(userId)),
    );
  }

  /** Remembers that these members were asked a question, so they are not asked it again. */
  async rememberQuestion(p: PlatformId, c: string, userIds: readonly string[], questionId: string): Promise<void> {
    await Promise.all(
      userIds.map((u) =>
        this.updateMemberState(p, c, u, (s) => ({
          ...s,
          askedQuestions: [...s.askedQuestions.filter((q) => q !== questionId), questionId].slice(-ASKED_MEMORY),
        })),
      ),
    );
  }

  isPaused(state: MemberState): boolean {
    return state.pausedUntil !== undefined && state.pausedUntil > this.clock.now();
  }

  async record(p: PlatformId, c: string, ...events: EventRecord[]): Promise<void> {
    await this.store.append(keys.events(p, c), events);
  }

  events(p: PlatformId, c: string): Promise<EventRecord[]> {
    return this.store.read<EventRecord>(keys.events(p, c));
  }
}
