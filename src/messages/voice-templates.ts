import type { RichMessage } from "../platform/port.ts";

/** Words of voice rounds (Discord voice rooms), apart from the text-space templates they sit beside. */

export const voiceUnsupported = (platform: string): string =>
  `Voice rounds need voice channels, which ${platform} does not have here: run \`/quickmeet start\` without \`mode:voice\` (groups then talk in private conversations).`;

export const voiceLobbyField = (lobbyChannelId: string) => ({
  label: "Voice",
  value: `Join <#${lobbyChannelId}> and stay there: each round you are moved into your group's private voice room, and back here after it.`,
});

export const voiceRoomLink = (round: number, url: string): RichMessage => ({
  title: `Round ${round}: your voice room is open`,
  text: `You weren't in the lobby voice channel, so you couldn't be moved in. Join your group's room: ${url}`,
});

export const leftVoiceRoom = (round: number): RichMessage => ({
  title: "You left your voice room",
  text: `Leaving your room during round ${round} took you out of this Quick Meet, and your partners were told. Click **Join** on the lobby message to come back from the next round.`,
});
