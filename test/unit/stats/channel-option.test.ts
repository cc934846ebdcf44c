import { ApplicationCommandOptionType, ChannelType } from "discord.js";
import { afterEach, describe, expect, it } from "vitest";
import { buildSlashCommand } from "../../../adapters/discord/commands.ts";
import { ORGANIZER_ID } from "../../../adapters/sandbox/index.ts";
import { parseCommandText } from "../../../adapters/shared/command-text.ts";
import { commands } from "../../../commands/index.ts";
import type { Reply } from "../../../src/platform/inbound.ts";
import { createHarness, replyText } from "../../fakes/harness.ts";
import { type SandboxFixture, startSandbox } from "../sandbox/sandbox-fixture.ts";

const MIN = 60_000;
const field = (reply: Reply, label: string) =>
  reply.kind === "message" ? reply.message.fields?.find((f) => f.label === label)?.value : undefined;

describe("/quickmeet stats channel: takes what its help text says (#general)", () => {
  let f: SandboxFixture | undefined;
  afterEach(async () => {
    await f?.stop();
    f = undefined;
  });

  it("on Discord is the channel picker, which sends the channel's id", () => {
    const stats = buildSlashCommand(commands).options?.find((s) => s.name === "stats") as unknown as {
      options: Array<Record<string, unknown>>;
    };
    expect(stats.options.find((o) => o.name === "channel")).toMatchObject({
      type: ApplicationCommandOptionType.Channel,
      channel_types: [ChannelType.GuildText],
    });
  });

  it("on Slack reads the link Slack's client makes of #general", () => {
    expect(parseCommandText("stats channel:<#C0123ABC|general> period:all", commands)).toEqual({
      kind: "command",
      name: "stats",
      rawOptions: { channel: "<#C0123ABC>", period: "all" },
    });
    const parsed = commands.find((c) => c.name === "stats")?.options.safeParse({ channel: "<#C0123ABC>" });
    expect(parsed?.data).toMatchObject({ channel: "C0123ABC" });
  });

  it("in the sandbox resolves #general to the sandbox's channel, like Slack does", async () => {
    f = await startSandbox({ autoplay: false });
    await f.command(ORGANIZER_ID, "/quickmeet start rounds:1 minutes:2 lobby_minutes:1");
    const lobby = f.world.channels.get("C0GENERAL")!.messages[0]!;
    const join = lobby.message.buttons?.[0]?.[0]?.actionId ?? "";
    for (const m of ["UAMARA", "UBEN", "UGRACE"])
      await f.post("/api/action", m, { messageId: lobby.id, actionId: join });
    for (let i = 0; i < 3; i++) await f.fastForward(); // lobby close, round end, summary
    await f.command(ORGANIZER_ID, "/quickmeet stats channel:#general period:all");
    const reply = (await f.state(ORGANIZER_ID)).private.at(-1);
    expect(reply?.text).toContain("<#C0GENERAL>");
    expect(reply?.text).not.toContain("No Quick Meets in this period");
    expect(reply?.fields?.find((x) => x.label === "Sessions")?.value).toBe("1 session held, 1 round");
  });

  it("refuses a channel where no Quick Meet ever ran, naming the channels that have them, never 'no Quick Meets'", async () => {
    const h = createHarness();
    await h.command("org", "start", { rounds: 1, minutes: 3, lobby_minutes: 1 }, true);
    const join = h.lobby()?.message.buttons?.[0]?.[0]?.actionId ?? "";
    for (const m of ["ann", "ben"]) await h.click(m, join);
    await h.advance(5 * MIN);
    // A name that never became a link: the old reply was "No Quick Meets in this period", a false zero.
    const typed = replyText(await h.command("org", "stats", { channel: "#general" }, true));
    expect(typed).not.toContain("No Quick Meets in this period");
    expect(typed).toContain("No Quick Meet has ever run in \\#general");
    expect(typed).toContain("Channels with Quick Meets: <#chan-1>");
    expect(typed).toContain("pick the channel from the list");
    const linked = await h.command("org", "stats", { channel: "<#chan-1|general>" }, true);
    expect(field(linked, "Sessions")).toBe("1 session held, 1 round");
  });
});
