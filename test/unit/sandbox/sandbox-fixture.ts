import {
  createSandboxAdapter,
  createSandboxClock,
  type SandboxAdapterOptions,
} from "../../../adapters/sandbox/index.ts";
import type { ViewerState } from "../../../adapters/sandbox/view.ts";
import { commands } from "../../../commands/index.ts";
import { createBot } from "../../../src/bot.ts";
import { defaultBotConfig } from "../../../src/config.ts";
import { silentLogger } from "../../../src/logger.ts";
import { createMemoryStore } from "../../../src/store/memory.ts";
import type { Store } from "../../../src/store/port.ts";

/** A bot served by a started sandbox on a free loopback port, with a tiny HTTP client that acts as a viewer. */
export async function startSandbox(options: Partial<SandboxAdapterOptions> & { store?: Store } = {}) {
  const clock = createSandboxClock();
  const store = options.store ?? createMemoryStore();
  const sandbox = createSandboxAdapter({ autoplayPace: 0, autoplaySeed: 7, ...options, port: 0, clock });
  const bot = createBot({
    platforms: [sandbox],
    commands,
    store,
    clock,
    logger: silentLogger,
    config: defaultBotConfig,
  });
  await bot.start();
  const url = (path: string) => new URL(path, sandbox.url).toString();

  const get = async (path: string, as: string) => {
    const res = await fetch(url(`${path}${path.includes("?") ? "&" : "?"}as=${encodeURIComponent(as)}`));
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const post = async (path: string, as: string, body: Record<string, unknown> = {}) => {
    const res = await fetch(url(path), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ as, ...body }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const state = async (as: string) => {
    const res = await get("/api/state", as);
    if (res.status !== 200) throw new Error(`state as ${as}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as unknown as ViewerState;
  };
  const settle = async () => {
    await new Promise((resolve) => setTimeout(resolve, 20));
    await sandbox.idle();
  };
  const command = async (as: string, text: string) => {
    const res = await post("/api/command", as, { text });
    await settle();
    return res;
  };
  const fastForward = async () => {
    const res = await post("/api/fast-forward", as0);
    await settle();
    return res.body as { moved: boolean; skippedMs: number };
  };
  const as0 = "UORGANIZER";

  return {
    bot,
    sandbox,
    clock,
    store,
    world: sandbox.world,
    url,
    get,
    post,
    state,
    command,
    fastForward,
    settle,
    async stop() {
      await bot.stop();
    },
  };
}

export type SandboxFixture = Awaited<ReturnType<typeof startSandbox>>;

/** Text of a viewer's private messages, newest last. */
export const privateTexts = (s: ViewerState) => s.private.map((m) => [m.title, m.text].filter(Boolean).join("\n"));
