import { describe, expect, it } from "vitest";
import { createHarness, replyText } from "../../fakes/harness.ts";

describe("mode:voice where the platform has no voice rooms", () => {
  it("refuses to start and says to run without mode:voice, posting no lobby", async () => {
    const h = createHarness();
    const reply = replyText(await h.command("org", "start", { mode: "voice" }, true));
    expect(reply).toContain("Voice rounds need voice channels");
    expect(reply).toContain("without `mode:voice`");
    expect(h.lobby()).toBeUndefined();
  });

  it("a community default of voice (config mode:voice) is used by start, and refused the same way", async () => {
    const h = createHarness();
    expect(replyText(await h.command("org", "config", { mode: "voice" }, true))).toContain("Session defaults updated");
    expect(replyText(await h.command("org", "start", {}, true))).toContain("Voice rounds need voice channels");
    // An explicit mode:text beats the default.
    expect(replyText(await h.command("org", "start", { mode: "text" }, true))).toContain("Quick Meet started");
  });

  it("refuses an unknown mode with what it accepts", async () => {
    const h = createHarness();
    expect(replyText(await h.command("org", "start", { mode: "video" }, true))).toContain(
      "mode must be text (private conversations) or voice",
    );
  });
});
