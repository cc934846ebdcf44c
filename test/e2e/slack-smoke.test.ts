import { afterEach, describe, expect, it } from "vitest";
import { createSlackHarness, type SlackHarness } from "../emulators/slack/harness.ts";

let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

describe("slack smoke", () => {
  it("answers /quickmeet help over HTTP", async () => {
    h = await createSlackHarness({ mode: "http" });
    const d = await h.command(h.members[0]!, "help");
    expect(d.status).toBe(200);
    const eph = h.emu.ephemeralsFor(h.members[0]!);
    console.log(eph.map((m) => m.text).join("\n---\n"));
    expect(eph.at(-1)?.text).toContain("/quickmeet start");
  });
});
