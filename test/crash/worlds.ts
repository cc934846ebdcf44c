import { registerCommands } from "../../adapters/discord/register.ts";
import { commands } from "../../commands/index.ts";
import { type DiscordEmulator, startDiscordEmulator } from "../emulators/discord/index.ts";
import type { MessageRecord } from "../emulators/discord/state.ts";
import { isThread } from "../emulators/discord/state.ts";
import { type SlackEmulator, startSlackEmulator } from "../emulators/slack/index.ts";

/** What a crash run watches on the platform, synchronously, as the emulator stores it. */
export type WorldEvent =
  | { kind: "space"; spaceId: string }
  | { kind: "post"; spaceId: string; text: string; atMs: number };

/** One emulated platform with a community, an organizer and members, as the crash run drives and inspects it. */
export interface World {
  readonly platform: "discord" | "slack";
  readonly communityId: string;
  /** Environment for the bot process (credentials and API URLs pointing at the emulator). */
  env(): Record<string, string>;
  /** The organizer starts a Quick Meet (the bot must be up). */
  startSession(options: { rounds: number; minutes: number; lobbyMinutes: number; breakSeconds: number }): Promise<void>;
  /** The session id from the lobby message, once it is posted. */
  sessionId(): string | undefined;
  /** Every member clicks Join on the lobby. */
  joinAll(): Promise<void>;
  /** Called synchronously for each space created and each bot message stored in a space. */
  observe(fn: (event: WorldEvent) => void): void;
  /** Group spaces in the session's channel with the bot's messages (text and wall-clock time). */
  spaces(): Array<{ id: string; posts: Array<{ text: string; atMs: number }> }>;
  close(): Promise<void>;
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(probe: () => T | undefined, what: string, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await wait(25);
  }
}

const joinIdIn = (ids: string[]) => ids.find((id) => id.startsWith("qm:join:"));

export async function discordWorld(members: number): Promise<World> {
  const emu: DiscordEmulator = await startDiscordEmulator();
  const organizer = emu.addMember({
    username: "olive",
    displayName: "Olive Organizer",
    roleIds: [emu.organizerRoleId],
  });
  const people = Array.from({ length: members }, (_, i) =>
    emu.addMember({ username: `m${i + 1}`, displayName: `Member ${i + 1}` }),
  );
  await registerCommands(
    { token: emu.token, appId: emu.applicationId, guildId: emu.guildId, apiUrl: emu.apiUrl },
    commands,
  );
  const observers: Array<(e: WorldEvent) => void> = [];
  const emit = (e: WorldEvent) => {
    for (const fn of observers) fn(e);
  };
  const { state } = emu;
  const isSpace = (channelId: string) => {
    const c = state.channels.get(channelId);
    return c !== undefined && isThread(c.type) && c.parentId === emu.channelId;
  };
  // Patched, not subscribed: the hooks run inside the request, before the bot gets its answer.
  const addMessage = state.addMessage.bind(state);
  state.addMessage = (m: MessageRecord) => {
    addMessage(m);
    if (m.authorId === emu.botUserId && isSpace(m.channelId))
      emit({ kind: "post", spaceId: m.channelId, text: m.content, atMs: m.createdAtMs });
  };
  const newChannel = state.newChannel.bind(state);
  state.newChannel = (...args: Parameters<typeof newChannel>) => {
    const c = newChannel(...args);
    if (isSpace(c.id)) emit({ kind: "space", spaceId: c.id });
    return c;
  };
  const lobby = () => emu.driver.messages(emu.channelId).find((m) => joinIdIn(m.buttons.map((b) => b.customId)));
  return {
    platform: "discord",
    communityId: emu.guildId,
    env: () => ({
      DISCORD_TOKEN: emu.token,
      DISCORD_APP_ID: emu.applicationId,
      DISCORD_GUILD_ID: emu.guildId,
      DISCORD_API_URL: emu.apiUrl,
    }),
    async startSession(o) {
      emu.driver.member(organizer).runCommand("start", {
        rounds: o.rounds,
        minutes: o.minutes,
        lobby_minutes: o.lobbyMinutes,
        break_seconds: o.breakSeconds,
      });
      await until(lobby, "the lobby");
    },
    sessionId: () => joinIdIn(lobby()?.buttons.map((b) => b.customId) ?? [])?.split(":")[2],
    async joinAll() {
      const message = await until(lobby, "the lobby");
      const join = joinIdIn(message.buttons.map((b) => b.customId)) ?? "";
      for (const p of people) emu.driver.member(p).click(message.id, join);
      await until(
        () =>
          people.every((p) => emu.driver.ephemeralsFor(p).some((e) => e.content.includes("in"))) ? true : undefined,
        "every join answered",
      );
    },
    observe: (fn) => observers.push(fn),
    spaces: () =>
      emu.driver.threads(emu.channelId).map((t) => ({
        id: t.id,
        posts: state
          .messagesIn(t.id)
          .filter((m) => m.authorId === emu.botUserId)
          .map((m) => ({ text: m.content, atMs: m.createdAtMs })),
      })),
    close: () => emu.close(),
  };
}

export async function slackWorld(members: number): Promise<World> {
  const emu: SlackEmulator = await startSlackEmulator({
    seed: {
      users: [
        { name: "organizer", realName: "Olive Organizer", isAdmin: true },
        ...Array.from({ length: members }, (_, i) => ({ name: `m${i + 1}`, realName: `Member ${i + 1}` })),
      ],
      channels: ["general"],
    },
    rateLimits: { enabled: true, scale: 10 },
  });
  const ws = emu.workspace;
  const users = [...ws.users.values()].filter((u) => !u.isBot);
  const organizer = users.find((u) => u.name === "organizer")!.id;
  const people = users.filter((u) => u.name !== "organizer").map((u) => u.id);
  const channelId = ws.channelByName("general")!.id;
  const driver = emu.driver({ kind: "socket" });
  const observers: Array<(e: WorldEvent) => void> = [];
  const emit = (e: WorldEvent) => {
    for (const fn of observers) fn(e);
  };
  const isSpace = (id: string) => ws.channels.get(id)?.kind === "mpim";
  const tsMs = (ts: string) => Math.round(Number(ts) * 1000);
  ws.observer = (e) => {
    if (e.kind === "channel" && e.channel.kind === "mpim") emit({ kind: "space", spaceId: e.channel.id });
    if (e.kind === "post" && e.message.user === ws.botUserId && isSpace(e.message.channel))
      emit({ kind: "post", spaceId: e.message.channel, text: e.message.text, atMs: tsMs(e.message.ts) });
  };
  const lobby = () => emu.messagesIn(channelId).find((m) => JSON.stringify(m.blocks).includes('"qm:join:'));
  const joinId = () => /"(qm:join:[^"]+)"/.exec(JSON.stringify(lobby()?.blocks ?? []))?.[1];
  return {
    platform: "slack",
    communityId: emu.teamId,
    env: () => ({
      SLACK_BOT_TOKEN: emu.botToken,
      SLACK_APP_TOKEN: emu.appToken,
      SLACK_MODE: "socket",
      SLACK_API_URL: emu.apiUrl,
    }),
    async startSession(o) {
      await emu.waitForSocket();
      await driver.slashCommand(
        organizer,
        channelId,
        `start rounds:${o.rounds} minutes:${o.minutes} lobby_minutes:${o.lobbyMinutes} break_seconds:${o.breakSeconds}`,
      );
      await until(lobby, "the lobby");
    },
    sessionId: () => joinId()?.split(":")[2],
    async joinAll() {
      const message = await until(lobby, "the lobby");
      const join = joinId() ?? "";
      for (const p of people) await driver.click(p, message, join);
      await until(
        () => (people.every((p) => emu.ephemeralsFor(p).some((e) => e.text.includes("in"))) ? true : undefined),
        "every join answered",
      );
    },
    observe: (fn) => observers.push(fn),
    spaces: () =>
      emu.mpims().map((c) => ({
        id: c.id,
        posts: emu
          .messagesIn(c.id)
          .filter((m) => m.user === ws.botUserId)
          .map((m) => ({ text: m.text, atMs: tsMs(m.ts) })),
      })),
    close: () => emu.stop(),
  };
}
