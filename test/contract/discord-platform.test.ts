import { GatewayIntentBits, PermissionFlagsBits } from "discord.js";
import { createDiscordAdapter } from "../../adapters/discord/index.ts";
import type { BotInbound } from "../../src/platform/inbound.ts";
import { type MessageView, startDiscordEmulator } from "../emulators/discord/index.ts";
import { channelPayload, type Json } from "../emulators/discord/payloads.ts";
import type { MessageRecord } from "../emulators/discord/state.ts";
import { describePlatformContract, type ObservedMessage } from "./platform-contract.ts";

/** The contract drives the outbound half only: nothing inbound may reach the core. */
const unusedInbound: BotInbound = {
  runCommand: () => Promise.reject(new Error("contract test: no commands expected")),
  handleAction: () => Promise.reject(new Error("contract test: no actions expected")),
  submitForm: () => Promise.reject(new Error("contract test: no forms expected")),
  homeSections: () => Promise.reject(new Error("contract test: no home page expected")),
  recordSpaceMessage: async () => {},
  memberLeftCommunity: async () => {},
  communityRemoved: async () => {},
  voiceMoved: async () => {},
};

/** Everything a message shows: content, embed text (the adapter sends none, but a member would see it), files. */
function shownText(record: MessageRecord | undefined, view: MessageView): string {
  const embeds = ((record?.embeds ?? []) as Json[]).flatMap((e) => [
    String(e.title ?? ""),
    String(e.description ?? ""),
    ...((e.fields as Json[] | undefined) ?? []).map((f) => `${String(f.name ?? "")} ${String(f.value ?? "")}`),
  ]);
  return [view.content, ...embeds, ...view.attachments].filter((s) => s !== "").join("\n");
}

describePlatformContract("discord (adapter ↔ emulator)", async () => {
  const emu = await startDiscordEmulator({ rateLimits: { globalPerSecond: 10_000 } });
  const members = ["ada", "bo", "cy", "di", "ed"].map((username) =>
    emu.addMember({ username, displayName: username.toUpperCase() }),
  );
  const platform = createDiscordAdapter({
    token: emu.token,
    appId: emu.applicationId,
    guildId: emu.guildId,
    apiUrl: emu.apiUrl,
  });
  // Readiness and channel labels read discord.js's guild cache, which only the gateway fills.
  await platform.start(unusedInbound);

  /** Until discord.js has received every event the emulator dispatched (bounded poll, as in the e2e harness). */
  const caughtUp = async () => {
    const received = () => {
      const shard = platform.client.ws.shards.first() as unknown as
        | { sessionInfo?: { sequence: number } | null }
        | undefined;
      return shard?.sessionInfo?.sequence ?? 0;
    };
    for (let waited = 0; received() < emu.gateway.sequence() && waited < 10_000; waited += 2) {
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  };

  const observe = (view: MessageView): ObservedMessage => ({
    id: view.id,
    text: shownText(emu.state.messages.get(view.id), view),
    buttons: view.buttons.map((b) => b.customId),
    links: view.links.map((l) => l.url),
  });
  const byTime = (a: MessageView, b: MessageView) =>
    (emu.state.messages.get(a.id)?.createdAtMs ?? 0) - (emu.state.messages.get(b.id)?.createdAtMs ?? 0) ||
    (BigInt(a.id) < BigInt(b.id) ? -1 : 1);

  return {
    platform,
    channel: { communityId: emu.guildId, channelId: emu.channelId },
    members,
    unknownUserId: "999999999999999999",
    observer: {
      membersOf: async (spaceId) =>
        [...(emu.state.channels.get(spaceId)?.members ?? [])].filter((u) => u !== emu.botUserId),
      // Without a viewer the driver leaves out ephemeral replies: what everyone in the channel sees.
      messagesIn: async (channelId) => emu.driver.messages(channelId).map(observe),
      privateMessagesOf: async (userId) =>
        [
          ...emu.driver.dms(userId).filter((m) => m.authorId === emu.botUserId),
          ...emu.driver.ephemeralsFor(userId).filter((m) => m.authorId === emu.botUserId),
        ]
          .sort(byTime)
          .map(observe),
    },
    revokeSpacePermission: async () => {
      const channel = emu.state.channels.get(emu.channelId)!;
      channel.overwrites.push({
        id: emu.botRoleId,
        type: 0,
        allow: 0n,
        deny: PermissionFlagsBits.CreatePrivateThreads,
      });
      emu.state.changed("channel-update");
      // discord.js learns of overwrite changes through CHANNEL_UPDATE, as from Discord.
      emu.gateway.dispatch(
        "CHANNEL_UPDATE",
        channelPayload(emu.state, channel, emu.botUserId),
        GatewayIntentBits.Guilds,
      );
      await caughtUp();
      return "Create Private Threads";
    },
    teardown: async () => {
      await platform.stop();
      await emu.close();
    },
  };
});
