import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { PlatformError } from "../../../src/errors.ts";
import { type HttpRoute, opsRoutes, startOpsServer } from "../../../src/ops/http.ts";
import { createPinoLogger } from "../../../src/ops/pino-logger.ts";
import { createPrometheusMetrics } from "../../../src/ops/prometheus.ts";
import { readinessProblems } from "../../../src/ops/readiness.ts";
import type { PlatformAdapter } from "../../../src/platform/adapter.ts";
import { createMemoryStore } from "../../../src/store/memory.ts";
import type { Store } from "../../../src/store/port.ts";
import { FakePlatform } from "../../fakes/fake-platform.ts";
import { createHarness } from "../../fakes/harness.ts";

const MIN = 60_000;
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

/** A store an admin can "unplug": every call fails (or never answers) while it is down. */
function unpluggable(inner: Store) {
  const state = { down: false as false | "error" | "hang" };
  const guard =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> =>
      state.down === "error"
        ? Promise.reject(new Error("SQLITE_CANTOPEN: unable to open database file"))
        : state.down === "hang"
          ? new Promise<R>(() => {})
          : fn(...args);
  const get = guard(inner.get.bind(inner)) as Store["get"];
  const store = new Proxy(inner, {
    get: (target, key) => {
      if (key === "get") return get;
      const value = Reflect.get(target, key) as unknown;
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { store, state };
}

async function serve(routes: HttpRoute[]) {
  const server = await startOpsServer(routes, 0, "127.0.0.1");
  close = server.close;
  return server.url;
}

describe("GET /healthz, /readyz, /metrics", () => {
  it("turns /readyz to 503 with the reason when the store goes away, and back to 200 when it returns", async () => {
    const { store, state } = unpluggable(createMemoryStore());
    const h = createHarness({ store });
    let connected = true;
    const adapter = Object.assign(new FakePlatform(), {
      id: "discord" as const,
      start: async () => {},
      stop: async () => {},
      notReadyReason: () => (connected ? null : "gateway not connected"),
    }) as unknown as PlatformAdapter;
    const metrics = createPrometheusMetrics();
    const url = await serve(
      opsRoutes({
        readiness: () =>
          readinessProblems({ store, adapters: [adapter], jobs: h.bot.engine.jobs, storeTimeoutMs: 200 }),
        metrics: async () => ({ body: await metrics.render(), contentType: metrics.contentType }),
      }),
    );
    const ready = async () => {
      const res = await fetch(`${url}/readyz`);
      return { status: res.status, body: await res.text() };
    };

    expect(await (await fetch(`${url}/healthz`)).text()).toBe("ok\n");
    expect(await ready()).toEqual({ status: 503, body: "not ready:\n- job engine not running\n" });
    await h.bot.start();
    expect(await ready()).toEqual({ status: 200, body: "ready\n" });

    state.down = "error";
    expect(await ready()).toEqual({
      status: 503,
      body: "not ready:\n- store unreachable: SQLITE_CANTOPEN: unable to open database file\n",
    });
    state.down = "hang";
    expect((await ready()).body).toContain("store unreachable: no answer within 200 ms");
    state.down = false;
    expect((await ready()).status).toBe(200);

    connected = false;
    expect(await ready()).toEqual({ status: 503, body: "not ready:\n- discord: gateway not connected\n" });
    connected = true;
    await h.bot.stop({ timeoutMs: 1_000 });
    expect((await ready()).body).toContain("job engine not running");
    expect((await fetch(`${url}/nope`)).status).toBe(404);
  });

  it("counts a round: commands and clicks by outcome, rounds, spaces opened and failed, job lag, planning", async () => {
    const metrics = createPrometheusMetrics();
    const platform = new FakePlatform();
    const h = createHarness({ metrics, platform });
    await h.bot.start();
    await h.command("org", "start", { rounds: 1, minutes: 5, lobby_minutes: 1 }, true);
    const join = h.lobby()?.message.buttons?.[0]?.[0]?.actionId ?? "";
    for (const m of ["u1", "u2", "u3", "u4", "u5", "u6"]) await h.click(m, join);
    await h.bot.runCommand(h.inv("u1", false, "same-event"), "status", {});
    await h.bot.runCommand(h.inv("u1", false, "same-event"), "status", {});
    platform.failSpacesFrom = { index: 3, error: new PlatformError("missing-permission", "no", { permission: "x" }) };
    await h.advance(MIN);

    const body = await metrics.render();
    const value = (line: string) =>
      Number(
        body
          .split("\n")
          .find((l) => l.startsWith(line))
          ?.slice(line.length),
      );
    expect(value('quickmeet_commands_total{name="start",outcome="ok"}')).toBe(1);
    expect(value('quickmeet_commands_total{name="status",outcome="duplicate"}')).toBe(1);
    expect(value('quickmeet_clicks_total{action="join",outcome="ok"}')).toBe(6);
    expect(value('quickmeet_rounds_opened_total{platform="fake"}')).toBe(1);
    expect(value('quickmeet_spaces_total{platform="fake",result="opened",reason=""}')).toBe(2);
    expect(value('quickmeet_spaces_total{platform="fake",result="failed",reason="missing-permission"}')).toBe(1);
    expect(value("quickmeet_planning_seconds_count")).toBe(1);
    expect(value('quickmeet_job_lag_seconds_count{kind="lobby-close"}')).toBe(1);
    await h.bot.stop({ timeoutMs: 1_000 });
  });
});

describe("the production logger", () => {
  it("writes errors with type, code, stack and cause chain, hides credentials and member text, carries child bindings", () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = createPinoLogger({ level: "info", format: "json", destination });
    const cause = Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
    const error = new PlatformError("rate-limited", "Slack said wait", { retryAfterMs: 3000, cause });
    logger
      .child({ adapter: "slack" })
      .child({ sessionId: "S1" })
      .error("posting failed", { error, token: "xoxb-secret", text: "what a member wrote", channel: "C1" });
    logger.debug("not at info level");
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({
      level: "error",
      msg: "posting failed",
      adapter: "slack",
      sessionId: "S1",
      channel: "C1",
      token: "[hidden]",
      text: "[hidden]",
      error: {
        type: "PlatformError",
        message: "Slack said wait",
        code: "rate-limited",
        details: { retryAfterMs: 3000 },
        cause: { type: "Error", message: "socket hang up", code: "ECONNRESET" },
      },
    });
    expect((line.error as { stack: string }).stack).toContain("operations.test.ts");
    expect((line.error as { cause: { stack: string } }).cause.stack).toContain("socket hang up");
  });
});
