import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { createStore } from "../../../src/store/create.ts";
import { cleanUp, tempDir } from "./backends.ts";

afterAll(cleanUp);

const root = join(import.meta.dirname, "../../..");
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

/** The bot as an admin starts it (`npm start`: tsx app/main.ts), in the sandbox, on the given SQLite file. */
function startBot(file: string, port: number, storeUrl = `sqlite://${file}`) {
  const child = spawn(process.execPath, ["--import", "tsx", join(root, "app/main.ts")], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? "",
      QUICKMEET_SANDBOX: "1",
      SANDBOX_PORT: String(port),
      STORE_URL: storeUrl,
      LOG_FORMAT: "json",
    },
  });
  children.push(child);
  const out = { text: "" };
  child.stdout?.on("data", (d: Buffer) => (out.text += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (out.text += d.toString()));
  const started = performance.now();
  const exited = new Promise<{ code: number | null; ms: number }>((resolve) =>
    child.on("exit", (code) => resolve({ code, ms: performance.now() - started })),
  );
  return { child, out, exited };
}

const until = async (check: () => boolean, ms: number, what: string) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe("a SQLite store serves one process", () => {
  it("refuses a second opening of the same file, saying why and pointing to PostgreSQL", async () => {
    const file = join(tempDir, "held.sqlite");
    const first = await createStore(`sqlite://${file}`);
    await first.set("k", 1);
    await expect(createStore(`sqlite://${file}`)).rejects.toThrow(
      /in use by another quickmeet process.*STORE_URL=postgres:\/\//s,
    );
    expect(await first.get("k")).toBe(1);
    await first.close();
    // Closed: the file is free again.
    const again = await createStore(`sqlite://${file}`);
    expect(await again.get("k")).toBe(1);
    await again.close();
  });

  it("a second bot process on the file exits at once with the reason; the first keeps running", async () => {
    const file = join(tempDir, "bots.sqlite");
    const first = startBot(file, 18_000 + Math.floor(Math.random() * 2_000));
    await until(() => first.out.text.includes("scheduler started"), 30_000, "the first bot to start");
    // Its planning worker warms up for a few seconds after start; measured after that, the CPU is not shared with it.
    await new Promise((r) => setTimeout(r, 3_000));
    // A control: the same bot refused for a mistyped STORE_URL (it stops right after reading its configuration).
    // On an idle machine the refused second process exits in about a second; on a loaded 2-core box node and tsx
    // alone can take longer than 2 s to boot, so the file check is measured as the time beyond the control's.
    const control = startBot(file, 0, "redis://elsewhere");
    const controlRun = await control.exited;
    expect(controlRun.code).toBe(1);
    const second = startBot(file, 20_000 + Math.floor(Math.random() * 2_000));
    const { code, ms } = await second.exited;
    expect(code).toBe(1);
    expect(second.out.text).toMatch(/SQLite file .*bots\.sqlite is in use by another quickmeet process/);
    expect(second.out.text).toContain("STORE_URL=postgres://");
    const label = `start to exit ${Math.round(ms)} ms; a configuration refusal ${Math.round(controlRun.ms)} ms`;
    expect(ms - controlRun.ms, label).toBeLessThan(1_000);
    expect(first.child.exitCode).toBeNull();
    first.child.kill("SIGTERM");
    expect((await first.exited).code).toBe(0);
  }, 60_000);
});
