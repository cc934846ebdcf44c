import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isPlatformError, PlatformError } from "../../src/errors.ts";
import type { ChannelRef, ChatPlatform } from "../../src/platform/port.ts";

/** One message as a member would see it, reduced to what every platform can show. */
export interface ObservedMessage {
  /** The platform's message id (the same id `postIn*` returned as `messageId`). */
  id: string;
  /** Everything the message shows as text (title, body, fields), in the platform's own markup. */
  text: string;
  /** Action ids of the buttons on it that call back (link buttons excluded). */
  buttons: string[];
  /** Addresses of its link buttons (a group's video room), which open in the browser. */
  links: string[];
}

/**
 * What a platform's test harness reveals about the world, the way the platform's members would see it. Small on
 * purpose: three readers, each answering from the platform's own state (emulator, fake) — never from the adapter.
 */
export interface PlatformObserver {
  /** People in a private space, the bot excluded, in any order. */
  membersOf(spaceId: string): Promise<string[]>;
  /** Messages everyone in a channel or space sees, oldest first (ephemeral/private replies excluded). */
  messagesIn(channelId: string): Promise<ObservedMessage[]>;
  /** Messages only this member sees from the bot (DMs, ephemeral replies), oldest first. */
  privateMessagesOf(userId: string): Promise<ObservedMessage[]>;
}

/** A platform under test with its world. `setup` makes a fresh one per test. */
export interface ContractFixture {
  platform: ChatPlatform;
  observer: PlatformObserver;
  /** A channel the bot may run sessions in. */
  channel: ChannelRef;
  /** At least four members of the channel's community, none of them the bot. */
  members: readonly string[];
  /** An id no member has: calls aimed at it must fail with a typed `PlatformError`. */
  unknownUserId: string;
  /**
   * Optional: take away the right to open private spaces; returns the permission's name as the platform spells it
   * (Slack `mpim:write`, Discord `Create Private Threads`). Enables the missing-permission checks.
   */
  revokeSpacePermission?: () => Promise<string>;
  teardown(): Promise<void>;
}

const sorted = (ids: readonly string[]) => [...ids].sort();

/**
 * The behaviour every ChatPlatform must show through its observer. Run it from `test/contract/<platform>.test.ts`:
 * `describePlatformContract("slack", async () => ({ platform, observer, channel, members, ... }))`.
 */
export function describePlatformContract(name: string, setup: () => Promise<ContractFixture>): void {
  describe(`ChatPlatform contract: ${name}`, () => {
    let f: ContractFixture;
    beforeEach(async () => {
      f = await setup();
      expect(f.members.length).toBeGreaterThanOrEqual(4);
    });
    afterEach(async () => {
      await f.teardown();
    });

    const open = (memberIds: readonly string[], title = "Quick Meet · contract") =>
      f.platform.openGroupSpace({ channel: f.channel, memberIds, title, openForMs: 10 * 60_000 });

    it("opens a space for two members that only they (and the bot) are in", async () => {
      const pair = f.members.slice(0, 2);
      const space = await open(pair);
      expect(space.communityId).toBe(f.channel.communityId);
      expect(space.channelId).toBe(f.channel.channelId);
      expect(space.spaceId).not.toBe(f.channel.channelId);
      expect(sorted(await f.observer.membersOf(space.spaceId))).toEqual(sorted(pair));
    });

    it("opens a space for three members, distinct from the pair's", async () => {
      const pair = await open(f.members.slice(0, 2));
      const trio = await open(f.members.slice(1, 4));
      expect(trio.spaceId).not.toBe(pair.spaceId);
      expect(sorted(await f.observer.membersOf(trio.spaceId))).toEqual(sorted(f.members.slice(1, 4)));
    });

    it("posts in a space: text, mentions and buttons are visible there and nowhere else", async () => {
      const [a, b] = f.members as [string, string];
      const space = await open([a, b]);
      const ref = await f.platform.postInSpace(space, {
        title: "Round 1",
        text: `Hello **both** of you, <@${a}> and <@${b}>`,
        fields: [{ label: "Shared", value: "hiking" }],
        buttons: [
          [
            { actionId: "contract:yes", label: "Yes", style: "success" },
            { actionId: "contract:no", label: "No" },
          ],
        ],
      });
      const shown = await f.observer.messagesIn(space.spaceId);
      expect(shown).toHaveLength(1);
      expect(shown[0]?.id).toBe(ref.messageId);
      expect(shown[0]?.text).toContain("Hello");
      expect(shown[0]?.text).toContain("both");
      expect(shown[0]?.text).toContain(a);
      expect(shown[0]?.text).toContain("hiking");
      expect(shown[0]?.buttons).toEqual(["contract:yes", "contract:no"]);
      expect((await f.observer.messagesIn(f.channel.channelId)).map((m) => m.id)).not.toContain(ref.messageId);
    });

    it("posts a link button that opens its address beside the buttons that call back", async () => {
      const [a, b] = f.members as [string, string];
      const space = await open([a, b]);
      const url = "https://meet.example/quickmeet-0123456789abcdef0123-r1g1";
      await f.platform.postInSpace(space, {
        text: "Your group has its own video room.",
        buttons: [
          [
            { actionId: "contract:video", label: "Join the video room", style: "primary", url },
            { actionId: "contract:extend", label: "Extend 5 minutes" },
          ],
        ],
      });
      const [shown] = await f.observer.messagesIn(space.spaceId);
      expect(shown?.links).toEqual([url]);
      expect(shown?.buttons).toEqual(["contract:extend"]);
    });

    it("posts in the channel and edits that message in place", async () => {
      const ref = await f.platform.postInChannel(f.channel, {
        text: "Lobby open: 2:00 left",
        buttons: [[{ actionId: "contract:join", label: "Join" }]],
      });
      await f.platform.updateMessage(ref, {
        text: "Lobby open: 1:30 left",
        buttons: [[{ actionId: "contract:join", label: "Join" }]],
      });
      const shown = (await f.observer.messagesIn(f.channel.channelId)).filter((m) => m.id === ref.messageId);
      expect(shown).toHaveLength(1);
      expect(shown[0]?.text).toContain("1:30 left");
      expect(shown[0]?.text).not.toContain("2:00 left");
      expect(shown[0]?.buttons).toEqual(["contract:join"]);
    });

    it("takes a member out of a space where it can, and says truthfully when it cannot", async () => {
      const trio = f.members.slice(0, 3);
      const space = await open(trio);
      const removed = await f.platform.removeFromSpace(space, trio[2] ?? "");
      const left = sorted(await f.observer.membersOf(space.spaceId));
      expect(left).toEqual(removed ? sorted(trio.slice(0, 2)) : sorted(trio));
    });

    it("closes a space without losing what was said there", async () => {
      const space = await open(f.members.slice(0, 2));
      await f.platform.postInSpace(space, { text: "Time's up" });
      await f.platform.closeSpace(space);
      const shown = await f.observer.messagesIn(space.spaceId);
      expect(shown.some((m) => m.text.includes("Time's up"))).toBe(true);
    });

    it("sends a private message that reaches only that member", async () => {
      const [a, b] = f.members as [string, string];
      await f.platform.sendPrivate(f.channel.communityId, a, {
        text: "You made a connection",
        buttons: [[{ actionId: "contract:ok", label: "OK" }]],
      });
      const mine = await f.observer.privateMessagesOf(a);
      expect(mine.some((m) => m.text.includes("You made a connection"))).toBe(true);
      expect(mine.find((m) => m.text.includes("You made a connection"))?.buttons).toEqual(["contract:ok"]);
      expect((await f.observer.privateMessagesOf(b)).some((m) => m.text.includes("You made a connection"))).toBe(false);
      expect(
        (await f.observer.messagesIn(f.channel.channelId)).some((m) => m.text.includes("You made a connection")),
      ).toBe(false);
    });

    it("names members and counts the channel's audience", async () => {
      const name = await f.platform.displayName(f.channel.communityId, f.members[0]!);
      expect(name.trim()).not.toBe("");
      expect(await f.platform.countChannelMembers(f.channel)).toBeGreaterThanOrEqual(f.members.length);
    });

    it("is ready for a session in its channel when nothing was taken away", async () => {
      expect(await f.platform.checkSessionReadiness(f.channel)).toEqual([]);
    });

    it("fails with a typed PlatformError when a member cannot be reached", async () => {
      const error = await f.platform
        .sendPrivate(f.channel.communityId, f.unknownUserId, { text: "hello?" })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PlatformError);
      expect(["unreachable-member", "platform-failure"]).toContain((error as PlatformError).code);
    });

    it("refuses a space larger than maxSpaceMembers with space-capacity", async () => {
      const tooMany = Array.from(
        { length: f.platform.maxSpaceMembers + 1 },
        (_, i) => f.members[i % f.members.length]! + (i >= f.members.length ? `x${i}` : ""),
      );
      const error = await open(tooMany).catch((e: unknown) => e);
      expect(isPlatformError(error)).toBe(true);
      expect(["space-capacity", "unreachable-member"]).toContain((error as PlatformError).code);
    });

    it("names the missing permission, in readiness and in the error, when the right to open spaces is gone", async (ctx) => {
      if (!f.revokeSpacePermission) return ctx.skip();
      const permission = await f.revokeSpacePermission();
      const problems = await f.platform.checkSessionReadiness(f.channel);
      expect(problems.map((p) => p.permission)).toContain(permission);
      expect(problems.find((p) => p.permission === permission)?.message).toContain(permission);
      const error = await open(f.members.slice(0, 2)).catch((e: unknown) => e);
      expect(isPlatformError(error, "missing-permission")).toBe(true);
      expect((error as PlatformError).details.permission).toBe(permission);
    });
  });
}
