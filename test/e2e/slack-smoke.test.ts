import { afterEach, describe, expect, it } from "vitest";
import { createSlackHarness, type SlackHarness } from "../emulators/slack/harness.ts";

let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

describe("Slack /quickmeet help", () => {
  it("lists the subcommands and their options from the one command list", async () => {
    h = await createSlackHarness({ mode: "http" });
    const d = await h.command(h.members[0]!, "help");
    expect(d.status).toBe(200);
    const eph = h.emu.ephemeralsFor(h.members[0]!);
    expect(eph.at(-1)?.text).toContain("/quickmeet start");
  });
});
