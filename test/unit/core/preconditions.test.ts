import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineCommand } from "../../../commands/define.ts";
import { createBot } from "../../../src/bot.ts";
import { type Precondition, passed, privateReply, refused } from "../../../src/command-definition.ts";
import { defaultBotConfig } from "../../../src/config.ts";
import { silentLogger } from "../../../src/logger.ts";
import { inlinePlanRunner } from "../../../src/session/plan-runner.ts";
import { createMemoryStore } from "../../../src/store/memory.ts";
import { FakePlatform } from "../../fakes/fake-platform.ts";
import { createHarness } from "../../fakes/harness.ts";
import { ManualClock } from "../../fakes/manual-clock.ts";

const NO_SESSION = {
  kind: "message",
  visibility: "private",
  message: {
    text: "There's no Quick Meet running in this channel. An organizer can start one with `/quickmeet start`.",
  },
};
const notOrganizer = (command: string) => ({
  kind: "message",
  visibility: "private",
  message: {
    text: `Only organizers can use \`/quickmeet ${command}\`. Organizers are server/workspace admins and members the admins named with \`/quickmeet config\`.`,
  },
});

describe("preconditions", () => {
  it("tells a member there is no Quick Meet here, in the same words, for join, leave, status and end", async () => {
    const h = createHarness();
    for (const name of ["join", "leave", "status"]) expect(await h.command("u1", name)).toEqual(NO_SESSION);
    expect(await h.command("admin", "end", {}, true)).toEqual(NO_SESSION);
  });

  it("answers a member who is not an organizer before looking for a session or reading the options", async () => {
    const h = createHarness();
    expect(await h.command("u1", "end")).toEqual(notOrganizer("end"));
    // Bad options from someone who may not run the command: they learn that first, not what was wrong.
    expect(await h.command("u1", "start", { rounds: "many" })).toEqual(notOrganizer("start"));
  });

  it("finds the running session for every command that needs one, and stops finding it once it ended", async () => {
    const h = createHarness();
    await h.command("admin", "start", {}, true);
    const status = await h.command("u1", "status");
    expect(status.kind === "message" && status.message.text).not.toBe(NO_SESSION.message.text);
    expect(await h.command("u1", "join")).toMatchObject({ kind: "message", visibility: "private" });
    await h.command("admin", "end", {}, true);
    expect(await h.command("u1", "status")).toEqual(NO_SESSION);
  });

  it("runs a command's preconditions in order, hands their values to run, and stops at the first refusal", async () => {
    const calls: string[] = [];
    const check =
      <T>(name: string, result: T | undefined): Precondition<T> =>
      () => {
        calls.push(name);
        return result === undefined ? refused({ text: `no ${name}` }) : passed(result);
      };
    const probe = (needs: Record<string, Precondition>) =>
      defineCommand({
        name: "probe",
        description: "test",
        options: z.object({}),
        optionDocs: {},
        access: "member",
        examples: [],
        needs,
        async run(_ctx, _options, found) {
          return privateReply({ text: JSON.stringify(found) });
        },
      });
    const run = async (needs: Record<string, Precondition>) => {
      const bot = createBot({
        commands: [probe(needs)],
        platforms: [new FakePlatform()],
        store: createMemoryStore(),
        clock: new ManualClock(),
        logger: silentLogger,
        config: defaultBotConfig,
        planRunner: inlinePlanRunner,
      });
      const actor = { userId: "u1", displayName: "U1", isAdmin: false, roleIds: [] };
      return bot.runCommand(
        { platform: "fake", communityId: "g", channelId: "c", actor, eventId: `e${calls.length}` },
        "probe",
        {},
      );
    };
    expect(await run({ a: check("a", 1), b: check("b", "two") })).toEqual(privateReply({ text: '{"a":1,"b":"two"}' }));
    calls.length = 0;
    expect(await run({ a: check("a", undefined), b: check("b", 2) })).toEqual(privateReply({ text: "no a" }));
    expect(calls).toEqual(["a"]);
  });
});
