import { PermissionFlagsBits } from "discord.js";

/** A channel permission overwrite as Discord stores it (type 0 role, 1 member). */
export interface Overwrite {
  id: string;
  type: 0 | 1;
  allow: bigint;
  deny: bigint;
}

export interface PermissionSubject {
  guildId: string;
  ownerId: string;
  userId: string;
  /** Role id → permissions; must contain the @everyone role (id = guild id). */
  rolePermissions: ReadonlyMap<string, bigint>;
  memberRoleIds: readonly string[];
}

const ALL = (1n << 53n) - 1n;

/** Guild-level permissions: @everyone plus the member's roles; owners and administrators get everything. */
export function basePermissions(subject: PermissionSubject): bigint {
  if (subject.userId === subject.ownerId) return ALL;
  let perms = subject.rolePermissions.get(subject.guildId) ?? 0n;
  for (const roleId of subject.memberRoleIds) perms |= subject.rolePermissions.get(roleId) ?? 0n;
  return perms & PermissionFlagsBits.Administrator ? ALL : perms;
}

/**
 * Discord's documented order: base, then the @everyone overwrite, then all role overwrites together (deny then
 * allow), then the member's own overwrite.
 */
export function channelPermissions(subject: PermissionSubject, overwrites: readonly Overwrite[]): bigint {
  const base = basePermissions(subject);
  if (base === ALL) return ALL;
  let perms = base;
  const everyone = overwrites.find((o) => o.id === subject.guildId);
  if (everyone) perms = (perms & ~everyone.deny) | everyone.allow;
  let allow = 0n;
  let deny = 0n;
  for (const o of overwrites) {
    if (o.type === 0 && subject.memberRoleIds.includes(o.id)) {
      allow |= o.allow;
      deny |= o.deny;
    }
  }
  perms = (perms & ~deny) | allow;
  const own = overwrites.find((o) => o.type === 1 && o.id === subject.userId);
  if (own) perms = (perms & ~own.deny) | own.allow;
  // Without View Channel nothing else in the channel is usable.
  return perms & PermissionFlagsBits.ViewChannel ? perms : 0n;
}

export function has(perms: bigint, flag: bigint): boolean {
  return (perms & flag) === flag;
}
