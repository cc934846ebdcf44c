import type { RichMessage } from "../../src/platform/port.ts";
import { FakePlatform } from "../fakes/fake-platform.ts";
import { describePlatformContract, type ObservedMessage } from "./platform-contract.ts";

/** The fake platform the core's tests rely on must behave like the real adapters, or those tests prove little. */
describePlatformContract("fake (test double)", async () => {
  const members = ["ada", "bo", "cy", "di", "ed"];
  const platform = new FakePlatform();
  platform.knownMembers = new Set(members);
  const show = (id: string, m: RichMessage): ObservedMessage => ({
    id,
    text: [m.title, m.text, ...(m.fields ?? []).map((f) => `${f.label}: ${f.value}`)].filter(Boolean).join("\n"),
    buttons: (m.buttons ?? [])
      .flat()
      .filter((b) => !b.url)
      .map((b) => b.actionId),
    links: (m.buttons ?? []).flat().flatMap((b) => (b.url ? [b.url] : [])),
  });
  return {
    platform,
    channel: { communityId: "guild-1", channelId: "general" },
    members,
    unknownUserId: "nobody",
    observer: {
      membersOf: async (spaceId) => platform.space(spaceId).members,
      messagesIn: async (channelId) => {
        const space = platform.spaces.find((s) => s.spaceId === channelId);
        if (space) return space.messages.map((m, i) => show(space.messageIds[i] ?? "", m));
        return platform.channelPosts
          .filter((p) => p.channelId === channelId)
          .map((p) => show(p.messageId, p.edits.at(-1) ?? p.message));
      },
      privateMessagesOf: async (userId) =>
        (platform.privateMessages.get(userId) ?? []).map((m, i) => show(`${userId}-${i}`, m)),
    },
    revokeSpacePermission: async () => {
      platform.revokedPermission = "Create Private Threads";
      return "Create Private Threads";
    },
    teardown: async () => {},
  };
});
