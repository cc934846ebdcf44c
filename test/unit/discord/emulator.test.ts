import { PermissionFlagsBits } from "discord.js";
import { describe, expect, it } from "vitest";
import { channelPermissions } from "../../emulators/discord/permissions.ts";
import { lowerBoundMs, RateLimiter } from "../../emulators/discord/rate-limits.ts";

const limits = {
  globalPerSecond: 3,
  buckets: {
    "message-create": { limit: 2, windowMs: 1_000 },
    "message-edit": { limit: 5, windowMs: 5_000 },
    "thread-create": { limit: 5, windowMs: 1_000 },
    "thread-member": { limit: 10, windowMs: 10_000 },
    "channel-edit": { limit: 5, windowMs: 10_000 },
    "dm-open": { limit: 10, windowMs: 1_000 },
    webhook: { limit: 5, windowMs: 2_000 },
    "guild-members": { limit: 10, windowMs: 10_000 },
    "app-commands": { limit: 2, windowMs: 10_000 },
    "channel-create": { limit: 5, windowMs: 1_000 },
    "channel-delete": { limit: 5, windowMs: 5_000 },
    "member-edit": { limit: 10, windowMs: 1_000 },
    default: { limit: 10, windowMs: 10_000 },
  },
};

describe("the emulator's rate limiter", () => {
  it("counts buckets per top-level resource and answers 429 with Discord's headers", () => {
    const limiter = new RateLimiter(limits);
    expect(limiter.check("message-create", "chan-a", false, 0).headers["X-RateLimit-Remaining"]).toBe("1");
    expect(limiter.check("message-create", "chan-a", false, 100).ok).toBe(true);
    const limited = limiter.check("message-create", "chan-a", false, 200);
    expect(limited.ok).toBe(false);
    expect(limited.headers["Retry-After"]).toBe("1");
    expect(limited.retryAfter).toBeCloseTo(0.8);
    expect(limited.headers["X-RateLimit-Scope"]).toBe("user");
    // Another channel is another bucket.
    expect(limiter.check("message-create", "chan-b", true, 200).ok).toBe(true);
    expect(limiter.check("message-create", "chan-a", false, 1_000).ok).toBe(true);
  });

  it("enforces the global limit except for interaction endpoints", () => {
    const limiter = new RateLimiter(limits);
    for (let i = 0; i < 3; i++) expect(limiter.check("default", `c${i}`, false, 10).ok).toBe(true);
    const global = limiter.check("default", "c9", false, 20);
    expect(global.ok).toBe(false);
    expect(global.headers["X-RateLimit-Global"]).toBe("true");
    expect(limiter.check("default", "interaction", true, 30).ok).toBe(true);
  });

  it("computes the lower bound as the busiest limiter's full windows", () => {
    const requests = Array.from({ length: 12 }, () => ({
      bucket: "thread-create" as const,
      major: "c",
      exempt: false,
    }));
    expect(lowerBoundMs(requests, { ...limits, globalPerSecond: 50 })).toBe(2_000);
    expect(lowerBoundMs(requests, { ...limits, globalPerSecond: 2 })).toBe(5_000);
  });
});

describe("the emulator's permission computation", () => {
  const guildId = "g";
  const subject = (roles: string[]) => ({
    guildId,
    ownerId: "owner",
    userId: "bot",
    rolePermissions: new Map([
      [guildId, PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages],
      ["botrole", PermissionFlagsBits.CreatePrivateThreads],
    ]),
    memberRoleIds: roles,
  });

  it("applies @everyone, role and member overwrites in Discord's order", () => {
    const deny = [{ id: "botrole", type: 0 as const, allow: 0n, deny: PermissionFlagsBits.CreatePrivateThreads }];
    expect(channelPermissions(subject(["botrole"]), []) & PermissionFlagsBits.CreatePrivateThreads).toBeTruthy();
    expect(channelPermissions(subject(["botrole"]), deny) & PermissionFlagsBits.CreatePrivateThreads).toBe(0n);
    const allowMember = [
      ...deny,
      { id: "bot", type: 1 as const, allow: PermissionFlagsBits.CreatePrivateThreads, deny: 0n },
    ];
    expect(
      channelPermissions(subject(["botrole"]), allowMember) & PermissionFlagsBits.CreatePrivateThreads,
    ).toBeTruthy();
  });

  it("gives nothing in a channel the member cannot view", () => {
    const hidden = [{ id: guildId, type: 0 as const, allow: 0n, deny: PermissionFlagsBits.ViewChannel }];
    expect(channelPermissions(subject([]), hidden)).toBe(0n);
  });
});
