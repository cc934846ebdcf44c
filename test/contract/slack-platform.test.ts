import { createSlackAdapter } from "../../adapters/slack/index.ts";
import { linkButtons } from "../emulators/slack/driver.ts";
import { shownText } from "../emulators/slack/find.ts";
import { ALL_SCOPES, buttonIds, type EmuMessage, PACER_RATES, startSlackEmulator } from "../emulators/slack/index.ts";
import { describePlatformContract, type ObservedMessage } from "./platform-contract.ts";

const observe = (m: EmuMessage): ObservedMessage => {
  const links = linkButtons(m.blocks);
  return {
    id: m.ts,
    text: shownText(m),
    buttons: buttonIds(m.blocks).filter((id) => !links.some((l) => l.actionId === id)),
    links: links.map((l) => l.url),
  };
};

describePlatformContract("slack (adapter ↔ emulator)", async () => {
  const emu = await startSlackEmulator({
    seed: {
      users: ["ada", "bo", "cy", "di", "ed"].map((name) => ({ name, realName: name.toUpperCase() })),
      channels: ["general"],
    },
    rateLimits: { enabled: false },
  });
  // The outbound half needs no Bolt connection: the platform methods are usable before start().
  const platform = createSlackAdapter({
    mode: "socket",
    botToken: emu.botToken,
    appToken: emu.appToken,
    apiUrl: emu.apiUrl,
    pacing: { rates: PACER_RATES },
  });
  const members = [...emu.workspace.users.values()].filter((u) => !u.isBot).map((u) => u.id);
  const channel = { communityId: emu.teamId, channelId: emu.workspace.channelByName("general")!.id };
  return {
    platform,
    channel,
    members,
    unknownUserId: "UNOBODY00",
    observer: {
      membersOf: async (spaceId) => emu.membersOf(spaceId).filter((u) => u !== emu.botUserId),
      messagesIn: async (channelId) => emu.messagesIn(channelId).map(observe),
      privateMessagesOf: async (userId) => emu.privateMessagesOf(userId).map(observe),
    },
    revokeSpacePermission: async () => {
      emu.setScopes(ALL_SCOPES.filter((s) => s !== "mpim:write"));
      return "mpim:write";
    },
    teardown: () => emu.stop(),
  };
});
