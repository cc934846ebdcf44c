/**
 * Issue 17's "done when", end to end: one deployment of 2 real bot processes (test/scaleout/everything-child.ts) on
 * one fresh PostgreSQL database serves 2 Slack workspaces installed through "Add to Slack" and 3 Discord guilds on 2
 * shards, all running Quick Meets at the same time. Bot time runs QM_CLOCK_SCALE times faster than the wall clock.
 */
import { type ChildProcess, fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerCommands } from "../../adapters/discord/register.ts";
import { startDiscordRestProxy } from "../../adapters/discord/rest-proxy.ts";
import { commands } from "../../commands/index.ts";
import { createStore } from "../../src/store/create.ts";
import { keys } from "../../src/store/keys.ts";
import type { Store } from "../../src/store/port.ts";
import { type DiscordEmulator, shardOf, startDiscordEmulator } from "../emulators/discord/index.ts";
import { actionOn, shownText } from "../emulators/slack/find.ts";
import { type EmuMessage, type SlackDriver, type SlackEmulator, startSlackEmulator } from "../emulators/slack/index.ts";
import { installThroughOAuth } from "../emulators/slack/install.ts";
import type { Workspace } from "../emulators/slack/state.ts";
import { until } from "../scaleout/cluster.ts";
import { freshDatabase, testPgUrl } from "../scaleout/pg.ts";

const CHILD = fileURLToPath(new URL("../scaleout/everything-child.ts", import.meta.url));
const SCALE = 8;
const SHARDS = 2;
const pgUrl = testPgUrl();

interface Proc {
  child: ChildProcess;
  endpointUrl: string;
  installUrl: string;
}
interface Team {
  ws: Workspace;
  organizer: string;
  members: string[];
  channelId: string;
  driver: SlackDriver;
}
interface Guild {
  guildId: string;
  channelId: string;
  organizer: string;
  members: string[];
  driver: DiscordEmulator["driver"];
}

let slack: SlackEmulator;
let discord: DiscordEmulator;
let proxy: Awaited<ReturnType<typeof startDiscordRestProxy>>;
let db: { url: string; drop: () => Promise<void> };
let store: Store;
const procs: Proc[] = [];
const teams: Team[] = [];
const guilds: Guild[] = [];

const people = (prefix: string, count: number) => [
  { name: `${prefix}-organizer`, realName: `${prefix} Organizer`, isAdmin: true },
  ...Array.from({ length: count }, (_, i) => ({ name: `${prefix}-m${i + 1}`, realName: `${prefix} Member ${i + 1}` })),
];

async function spawn(env: NodeJS.ProcessEnv): Promise<Proc> {
  const child = fork(CHILD, [], { execArgv: ["--import", "tsx"], env, stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const ready = await new Promise<{ endpointUrl: string; installUrl: string }>((resolve, reject) => {
    child.once("message", (m) => resolve(m as { endpointUrl: string; installUrl: string }));
    child.once("exit", (code) => reject(new Error(`bot process exited (${code}) before it was ready`)));
  });
  return { child, ...ready };
}

const rooms = (t: Team) => [...t.ws.channels.values()].filter((c) => c.kind === "mpim");

describe.skipIf(!pgUrl)(
  "one deployment: 2 Slack workspaces (OAuth) + 3 Discord guilds on 2 shards, 2 processes, 1 PostgreSQL",
  () => {
    beforeAll(async () => {
      slack = await startSlackEmulator({
        seed: { teamId: "T0001", teamName: "Alpha", users: people("alpha", 3), channels: ["general"] },
        rateLimits: { enabled: true },
      });
      slack.addWorkspace({ teamId: "T0002", teamName: "Beta", users: people("beta", 3), channels: ["general"] });
      discord = await startDiscordEmulator();
      for (let g = 0; g < 3; g++) {
        const setup = g === 0 ? discord : discord.addGuild(`Club ${g + 1}`, { shard: [g % SHARDS, SHARDS] });
        const organizer = setup.addMember({
          username: `org${g}`,
          displayName: `Organizer ${g}`,
          roleIds: [setup.organizerRoleId],
        });
        const members = Array.from({ length: 4 }, (_, i) =>
          setup.addMember({ username: `g${g}m${i}`, displayName: `Guild ${g} member ${i}` }),
        );
        guilds.push({ guildId: setup.guildId, channelId: setup.channelId, driver: setup.driver, organizer, members });
      }
      await registerCommands(
        { token: discord.token, appId: discord.applicationId, guildId: discord.guildId, apiUrl: discord.apiUrl },
        commands,
      );
      proxy = await startDiscordRestProxy({ upstream: discord.apiUrl, port: 0, rateLimitOffsetMs: 10 });
      db = await freshDatabase(pgUrl!);
      store = await createStore(db.url, { poolSize: 2 });
      const origin = Date.now();
      const randomKey = randomBytes(32).toString("base64");
      const env = (shard: number): NodeJS.ProcessEnv => ({
        ...process.env,
        STORE_URL: db.url,
        SLACK_SIGNING_SECRET: slack.signingSecret,
        SLACK_CLIENT_ID: slack.clientId,
        SLACK_CLIENT_SECRET: slack.clientSecret,
        SLACK_STATE_SECRET: "emulator-state-secret",
        SLACK_TOKEN_ENCRYPTION_KEY: randomKey,
        SLACK_API_URL: slack.apiUrl,
        QM_SLACK_AUTHORIZE_URL: slack.authorizeUrl,
        DISCORD_TOKEN: discord.token,
        DISCORD_APP_ID: discord.applicationId,
        QM_DISCORD_API_URL: discord.apiUrl,
        QM_DISCORD_PROXY_URL: proxy.url,
        QM_DISCORD_SHARD: String(shard),
        QM_DISCORD_SHARDS: String(SHARDS),
        QM_CLOCK_ORIGIN: String(origin),
        QM_CLOCK_SCALE: String(SCALE),
      });
      // The first process creates the schemas alone, then the second joins.
      procs.push(await spawn(env(0)));
      procs.push(await spawn(env(1)));
      slack.workspaces.forEach((ws, i) => {
        const users = [...ws.users.values()].filter((u) => !u.isBot);
        teams.push({
          ws,
          organizer: users.find((u) => u.name.endsWith("-organizer"))!.id,
          members: users.filter((u) => !u.name.endsWith("-organizer")).map((u) => u.id),
          channelId: ws.channelByName("general")!.id,
          // Each workspace's requests reach another replica, as behind a load balancer.
          driver: slack.driver({ kind: "http", url: procs[i % procs.length]!.endpointUrl }, ws),
        });
      });
    }, 60_000);

    afterAll(async () => {
      await Promise.all(
        procs.map(
          (p) =>
            new Promise<void>((resolve) => {
              if (p.child.exitCode !== null || p.child.signalCode !== null) return resolve();
              p.child.once("exit", () => resolve());
              p.child.kill("SIGTERM");
              setTimeout(() => p.child.kill("SIGKILL"), 5_000).unref();
            }),
        ),
      );
      await store?.close();
      await proxy?.close();
      await slack?.stop();
      await discord?.close();
      await db?.drop();
    }, 30_000);

    it("installs both workspaces, runs 5 Quick Meets at once with every round in its own place, refuses crossings, and uninstall removes the tokens", async () => {
      const [alpha, beta] = teams as [Team, Team];
      // Add to Slack: Alpha through one replica, Beta through the other; both land in the one store, sealed.
      for (const [i, t] of teams.entries()) {
        const outcome = await installThroughOAuth(slack, procs[i]!.installUrl, t.ws, t.organizer);
        expect(outcome.callback.status, `install ${t.ws.teamId}`).toBe(200);
        const row = await store.get<Record<string, unknown>>(keys.slackInstallation(t.ws.teamId));
        expect(row).toMatchObject({ teamId: t.ws.teamId, botUserId: t.ws.botUserId });
        expect(JSON.stringify(row)).not.toContain(slack.tokensOf(t.ws)[0]!.token);
      }
      // Every guild is served by the process holding its shard, and both shards have guilds.
      expect(discord.gateway.stats.shards.map((s) => s.join("/")).sort()).toEqual(["0/2", "1/2"]);
      expect(new Set(guilds.map((g) => shardOf(g.guildId, SHARDS)))).toEqual(new Set([0, 1]));

      // Start all five at once: lobby 1 minute, one 2-minute round (7.5 s + 15 s of wall time).
      const slackLobbies = await Promise.all(
        teams.map(async (t) => {
          await t.driver.slashCommand(t.organizer, t.channelId, "start rounds:1 minutes:2 lobby_minutes:1");
          return until(
            () => slack.messagesIn(t.channelId).find((m) => JSON.stringify(m.blocks).includes('"qm:join:')),
            `the lobby in ${t.ws.teamId}`,
          );
        }),
      );
      const discordStarts = guilds.map((g) =>
        g.driver
          .member(g.organizer)
          .runCommand("start", { rounds: 1, minutes: 2, lobby_minutes: 1 }, g.channelId)
          .reply(),
      );
      for (const started of await Promise.all(discordStarts)) expect(started.content).toContain("Quick Meet started");
      const lobbyCopies: EmuMessage[] = slackLobbies.map((l) => structuredClone(l));
      await Promise.all([
        ...teams.map(async (t, i) => {
          const lobby = slackLobbies[i]!;
          for (const m of t.members) await t.driver.click(m, lobby, actionOn(lobby, "qm:join:"));
        }),
        ...guilds.map(async (g) => {
          const lobby = g.driver
            .messages(g.channelId)
            .find((m) => m.buttons.some((b) => b.customId.startsWith("qm:join:")))!;
          const join = lobby.buttons.find((b) => b.customId.startsWith("qm:join:"))!.customId;
          for (const m of g.members)
            expect((await g.driver.member(m).click(lobby.id, join).reply()).content).toContain("You're in");
        }),
      ]);

      // A Beta member clicks Alpha's join button (through Beta's replica): refused, and Alpha's session is unchanged.
      const alphaSession = await store.get(keys.activeSessions());
      await beta.driver.click(beta.members[0]!, lobbyCopies[0]!, actionOn(lobbyCopies[0]!, "qm:join:"));
      const refusal = await until(
        () =>
          slack.privateMessagesOf(beta.members[0]!).find((m) => shownText(m).includes("doesn't belong to this place")),
        "the cross-workspace refusal",
      );
      expect(refusal).toBeDefined();
      expect(await store.get(keys.activeSessions())).toEqual(alphaSession);

      // Round 1: every group is in its own workspace / guild, made only of that place's members.
      for (const t of teams) {
        await until(
          () => (rooms(t).length > 0 && rooms(t).every((r) => t.ws.messages.get(r.id)?.[0]) ? true : undefined),
          `round 1 in ${t.ws.teamId}`,
          30_000,
        );
        expect(
          rooms(t)
            .flatMap((r) => r.members.filter((u) => u !== t.ws.botUserId))
            .sort(),
        ).toEqual([...t.members].sort());
        for (const r of rooms(t)) expect(t.ws.messages.get(r.id)?.[0]?.text).toContain("Round 1 of 1");
      }
      for (const g of guilds) {
        const threads = await g.driver.waitFor(
          () => {
            const ts = g.driver.threads(g.channelId);
            return ts.length === 2 && ts.every((t) => g.driver.messages(t.id).length > 0) ? ts : undefined;
          },
          `round 1 in guild ${g.guildId}`,
          30_000,
        );
        expect(threads.flatMap((t) => t.memberIds.filter((u) => u !== discord.botUserId)).sort()).toEqual(
          [...g.members].sort(),
        );
        for (const t of threads) {
          expect(discord.state.channels.get(t.id)?.guildId).toBe(g.guildId);
          const intro = g.driver.messages(t.id)[0]!;
          for (const m of t.memberIds.filter((u) => u !== discord.botUserId))
            expect(intro.content).toContain(`<@${m}>`);
        }
      }
      // The rounds close in their own rooms.
      for (const t of teams)
        await until(
          () => (rooms(t).every((r) => t.ws.messages.get(r.id)?.at(-1)?.text.includes("time's up")) ? true : undefined),
          `round end in ${t.ws.teamId}`,
          30_000,
        );
      // Each workspace was served with its own token, Discord's one budget was never exceeded.
      // No call aimed at another workspace's channel or user (Slack would answer not found for a foreign id).
      const misplaced = ["invalid_auth", "channel_not_found", "not_in_channel", "user_not_found", "users_not_found"];
      expect(slack.requests().filter((r) => r.error && misplaced.includes(r.error))).toEqual([]);
      expect(discord.requestLog.filter((r) => r.status === 429 || r.status === 404)).toEqual([]);
      expect(discord.invalidRequests()).toBe(0);

      // Uninstall from Alpha: its tokens leave the shared store, Beta's stay, and Alpha is no longer served.
      slack.uninstallFrom(alpha.ws);
      await slack.deliveriesSettled();
      for (let i = 0; i < 200 && (await store.get(keys.slackInstallation(alpha.ws.teamId))) !== undefined; i++)
        await new Promise((r) => setTimeout(r, 50));
      expect(await store.get(keys.slackInstallation(alpha.ws.teamId))).toBeUndefined();
      expect(await store.get(keys.slackInstallation(beta.ws.teamId))).toBeDefined();
      const late = await alpha.driver.slashCommand(alpha.organizer, alpha.channelId, "start");
      expect(late.status).not.toBe(200);
      const still = await beta.driver.slashCommand(beta.organizer, beta.channelId, "status");
      expect(still.status).toBe(200);
    }, 90_000);
  },
);
