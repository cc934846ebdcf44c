import {
  createSandboxAdapter,
  ORGANIZER_ID,
  SANDBOX_CHANNEL,
  SANDBOX_COMMUNITY,
} from "../../../adapters/sandbox/index.ts";
import type { WorldMessage } from "../../../adapters/sandbox/world.ts";
import { describePlatformContract, type ObservedMessage } from "../../contract/platform-contract.ts";

const observe = (m: WorldMessage): ObservedMessage => ({
  id: m.id,
  text: [m.message.title, m.message.text, ...(m.message.fields ?? []).map((f) => `${f.label}: ${f.value}`)]
    .filter(Boolean)
    .join("\n"),
  buttons: (m.message.buttons ?? [])
    .flat()
    .filter((b) => !b.url)
    .map((b) => b.actionId),
  links: (m.message.buttons ?? []).flat().flatMap((b) => (b.url ? [b.url] : [])),
});

// The outbound half needs no server: the platform methods work on the sandbox's world before start().
describePlatformContract("sandbox (adapter ↔ its world)", async () => {
  const sandbox = createSandboxAdapter({ port: 0, autoplay: false });
  const { world } = sandbox;
  return {
    platform: sandbox,
    channel: { communityId: SANDBOX_COMMUNITY.id, channelId: SANDBOX_CHANNEL.id },
    members: [...world.members.keys()].filter((id) => id !== ORGANIZER_ID),
    unknownUserId: "UNOBODY00",
    observer: {
      membersOf: async (spaceId) => world.spaces.get(spaceId)?.members ?? [],
      messagesIn: async (id) => (world.channels.get(id)?.messages ?? world.spaces.get(id)?.messages ?? []).map(observe),
      privateMessagesOf: async (userId) => world.privateMessagesOf(userId).map(observe),
    },
    teardown: () => sandbox.stop(),
  };
});
