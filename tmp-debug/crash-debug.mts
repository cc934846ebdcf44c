import { runCrashScenario } from "/work/wt-crash22/test/crash/crash-run.ts";
import { discordWorld, slackWorld } from "/work/wt-crash22/test/crash/worlds.ts";
const world = process.argv[2] === "slack" ? await slackWorld(6) : await discordWorld(6);
const kills = JSON.parse(process.argv[3] ?? "[]");
try {
  const r = await runCrashScenario({ world, kills, rounds: 2, minutes: 2, scale: Number(process.env.SCALE ?? 5), timeoutMs: 90_000 });
  console.log(JSON.stringify(r));
} finally { await world.close(); }
process.exit(0);
