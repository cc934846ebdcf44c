import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, renameSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { actionOn } from "../emulators/slack/find.ts";
import { type SlackEmulator, startSlackEmulator } from "../emulators/slack/index.ts";

/**
 * The production tree as an admin runs it: `npm run build`, then `node dist/app/main.js` (npm run start:prod) in
 * its own process, against the Slack emulator, scraped over HTTP and stopped with SIGTERM.
 */
const root = join(import.meta.dirname, "../..");
const main = join(root, "dist/app/main.js");

let child: ChildProcess | undefined;
let emu: SlackEmulator | undefined;
afterEach(async () => {
  if (child && child.exitCode === null) child.kill("SIGKILL");
  child = undefined;
  await emu?.stop();
  emu = undefined;
});

beforeAll(() => {
  execFileSync("npm", ["run", "build"], { cwd: root, stdio: "pipe", timeout: 170_000 });
}, 180_000);

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** Starts the built bot with exactly `env` (plus PATH) in a fresh directory; collects its output. */
function run(env: Record<string, string>) {
  const started = start(env);
  child = started.proc;
  return started;
}

function start(env: Record<string, string>) {
  const cwd = mkdtempSync(join(tmpdir(), "qm-prod-"));
  const out = { stdout: "", stderr: "" };
  const proc = spawn(process.execPath, [main], {
    cwd,
    env: { PATH: process.env.PATH ?? "", DATA_DIR: join(cwd, "data"), ...env },
  });
  proc.stdout.on("data", (d: Buffer) => (out.stdout += d.toString()));
  proc.stderr.on("data", (d: Buffer) => (out.stderr += d.toString()));
  const exited = new Promise<{ code: number | null; ms: number }>((resolve) => {
    const started = performance.now();
    proc.on("exit", (code) => resolve({ code, ms: performance.now() - started }));
  });
  return { proc, out, exited, dataDir: env.DATA_DIR ?? join(cwd, "data") };
}

const until = async (check: () => boolean | Promise<boolean>, ms: number, what: string) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

const metricValue = (body: string, line: string) => {
  const found = body.split("\n").find((l) => l.startsWith(line));
  return found ? Number(found.slice(line.length).trim()) : undefined;
};

describe("the built bot (npm run build, then plain node)", () => {
  it.each([
    [{ SLACK_SIGNING_SECRET: "abc" }, /SLACK_BOT_TOKEN: required when SLACK_SIGNING_SECRET is set/],
    [
      { DISCORD_TOKN: "abc", DISCORD_APP_ID: "1" },
      /DISCORD_TOKN: not a quickmeet variable; did you mean DISCORD_TOKEN/,
    ],
  ])("refuses a partial or misspelled configuration within 2 s, naming the variable (%o)", async (env, message) => {
    const { out, exited } = run(env);
    const { code, ms } = await exited;
    expect(code).toBe(1);
    expect(out.stderr).toMatch(message);
    expect(ms).toBeLessThan(2_000);
  });

  it("serves the sandbox page with its assets from dist/; a second signal exits at once", async () => {
    const { out, exited } = run({ SANDBOX_PORT: "0", LOG_FORMAT: "json" });
    await until(() => /Open (http:\/\/\S+) in your browser/.test(out.stdout), 15_000, "the sandbox banner");
    const url = /Open (http:\/\/\S+) in your browser/.exec(out.stdout)![1]!;
    const page = await fetch(url);
    expect(page.status).toBe(200);
    for (const asset of ["app.js", "style.css"]) expect((await fetch(new URL(asset, url))).status).toBe(200);
    // Two different signals (the same one twice may reach the process as one): the second cuts the drain short.
    child!.kill("SIGTERM");
    child!.kill("SIGINT");
    const { code } = await exited;
    expect(out.stderr).toContain("second signal: exiting at once");
    expect(code).toBe(1);
  }, 30_000);

  it("on Slack: /healthz, /readyz and /metrics on the receiver's port count what happened; SIGTERM exits cleanly", async () => {
    emu = await startSlackEmulator({
      seed: {
        users: [
          { name: "organizer", realName: "Olive Organizer", isAdmin: true },
          ...Array.from({ length: 4 }, (_, i) => ({ name: `m${i + 1}`, realName: `Member ${i + 1}` })),
        ],
        channels: ["general"],
      },
      rateLimits: { enabled: true },
    });
    const port = await freePort();
    const { out, exited, dataDir } = run({
      SLACK_BOT_TOKEN: emu.botToken,
      SLACK_SIGNING_SECRET: emu.signingSecret,
      SLACK_API_URL: emu.apiUrl,
      SLACK_PORT: String(port),
      LOG_FORMAT: "json",
      SHUTDOWN_TIMEOUT_MS: "3000",
    });
    await until(() => out.stderr.includes("quickmeet is running"), 20_000, "start-up");
    const base = `http://127.0.0.1:${port}`;
    expect(await (await fetch(`${base}/healthz`)).text()).toBe("ok\n");
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    // The store goes away under the running process (its SQLite file moved): not ready, saying why; then back.
    const file = join(dataDir, "quickmeet.sqlite");
    renameSync(file, `${file}.away`);
    const away = await fetch(`${base}/readyz`);
    expect(away.status).toBe(503);
    expect(await away.text()).toContain(`store: the SQLite file ${file} is gone`);
    renameSync(`${file}.away`, file);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);

    const users = [...emu.workspace.users.values()].filter((u) => !u.isBot);
    const organizer = users.find((u) => u.name === "organizer")!.id;
    const members = users.filter((u) => u.name !== "organizer").map((u) => u.id);
    const channelId = emu.workspace.channelByName("general")!.id;
    const driver = emu.driver({ kind: "http", url: `${base}/slack/events` });
    expect((await driver.slashCommand(organizer, channelId, "start rounds:1 minutes:2 lobby_minutes:1")).late).toBe(
      false,
    );
    await until(() => emu!.messagesIn(channelId).some((m) => actionOn(m, "qm:join:")), 10_000, "the lobby");
    const lobby = emu.messagesIn(channelId).find((m) => actionOn(m, "qm:join:"))!;
    for (const m of members) await driver.click(m, lobby, actionOn(lobby, "qm:join:"));
    await until(() => members.every((m) => emu!.ephemeralsFor(m).length > 0), 10_000, "join answers");

    const scrape = await fetch(`${base}/metrics`);
    expect(scrape.headers.get("content-type")).toContain("text/plain");
    const body = await scrape.text();
    expect(metricValue(body, 'quickmeet_commands_total{name="start",outcome="ok"}')).toBe(1);
    expect(metricValue(body, 'quickmeet_clicks_total{action="join",outcome="ok"}')).toBe(members.length);
    expect(metricValue(body, 'quickmeet_ack_seconds_count{platform="slack"}')).toBe(members.length + 1);
    expect(metricValue(body, 'quickmeet_store_seconds_count{operation="setIfAbsent",result="ok"}')).toBeGreaterThan(0);
    expect(body).toContain("nodejs_eventloop_lag_seconds");

    const killedAt = performance.now();
    child!.kill("SIGTERM");
    const { code } = await exited;
    expect(code).toBe(0);
    expect(performance.now() - killedAt).toBeLessThan(3_000 + 2_000 + 1_500);
    const lines = out.stderr.split("\n").filter(Boolean);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    const shutDown = lines.map((l) => JSON.parse(l) as { msg: string; drained?: boolean; ms?: number });
    expect(shutDown.find((l) => l.msg === "shut down")).toMatchObject({ drained: true });
    expect(out.stderr).not.toContain(emu.botToken);
    expect(out.stderr).not.toContain(emu.signingSecret);
  }, 60_000);

  it("SIGTERM in the middle of a round's fan-out: exits by its deadline; the next process opens every group left", async () => {
    // 24 members in pairs: 12 group DMs, opened one per 1.2 s at Slack's published Tier 3 floor.
    emu = await startSlackEmulator({
      seed: {
        users: [
          { name: "organizer", realName: "Olive Organizer", isAdmin: true },
          ...Array.from({ length: 24 }, (_, i) => ({ name: `m${i + 1}`, realName: `Member ${i + 1}` })),
        ],
        channels: ["general"],
      },
      rateLimits: { enabled: true },
    });
    const port = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), "qm-data-"));
    const env = {
      SLACK_BOT_TOKEN: emu.botToken,
      SLACK_SIGNING_SECRET: emu.signingSecret,
      SLACK_API_URL: emu.apiUrl,
      SLACK_PORT: String(port),
      DATA_DIR: dataDir,
      LOG_FORMAT: "json",
      SHUTDOWN_TIMEOUT_MS: "2000",
    };
    const first = run(env);
    await until(() => first.out.stderr.includes("quickmeet is running"), 20_000, "start-up");
    const base = `http://127.0.0.1:${port}`;
    const users = [...emu.workspace.users.values()].filter((u) => !u.isBot);
    const organizer = users.find((u) => u.name === "organizer")!.id;
    const members = users.filter((u) => u.name !== "organizer").map((u) => u.id);
    const channelId = emu.workspace.channelByName("general")!.id;
    const driver = emu.driver({ kind: "http", url: `${base}/slack/events` });
    await driver.slashCommand(organizer, channelId, "start rounds:1 minutes:5 lobby_minutes:1");
    await until(() => emu!.messagesIn(channelId).some((m) => actionOn(m, "qm:join:")), 10_000, "the lobby");
    const lobby = emu.messagesIn(channelId).find((m) => actionOn(m, "qm:join:"))!;
    for (const m of members) await driver.click(m, lobby, actionOn(lobby, "qm:join:"));

    // The lobby closes after its minute; stop once the fan-out is under way.
    await until(() => emu!.mpims().length >= 2, 90_000, "the round's first group DMs");
    const body = await (await fetch(`${base}/metrics`)).text();
    expect(metricValue(body, 'quickmeet_rounds_opened_total{platform="slack"}')).toBe(1);
    expect(metricValue(body, "quickmeet_planning_seconds_count")).toBe(1);
    expect(metricValue(body, 'quickmeet_job_lag_seconds_count{kind="lobby-close"}')).toBe(1);
    expect(metricValue(body, 'quickmeet_clicks_total{action="join",outcome="ok"}')).toBe(24);
    const killedAt = performance.now();
    child!.kill("SIGTERM");
    const stopped = await first.exited;
    const stopMs = performance.now() - killedAt;
    const openedByFirst = emu.mpims().length;
    expect(stopped.code).toBe(0);
    expect(stopMs).toBeLessThan(2_000 + 2_000 + 1_500); // drain deadline + the grace after adapters stop + exit
    expect(openedByFirst).toBeLessThan(12);
    const summary = first.out.stderr
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { msg: string; drained?: boolean })
      .find((l) => l.msg === "shut down");
    expect(summary?.drained).toBe(false);

    // The next process, same data directory: it opens exactly the groups left, none twice, none marked failed.
    const second = run(env);
    await until(() => emu!.mpims().length >= 12, 40_000, "every group DM");
    await until(async () => (await fetch(`${base}/readyz`).catch(() => undefined))?.status === 200, 10_000, "ready");
    const grouped = emu.mpims().flatMap((c) => c.members.filter((u) => u !== emu!.botUserId));
    expect(grouped.sort()).toEqual([...members].sort());
    await until(() => emu!.mpims().every((c) => emu!.messagesIn(c.id).length > 0), 20_000, "every intro");
    child!.kill("SIGTERM");
    expect((await second.exited).code).toBe(0);
  }, 180_000);
});
