import { afterEach, describe, expect, it } from "vitest";
import { ORGANIZER_ID } from "../../../adapters/sandbox/index.ts";
import { commands } from "../../../commands/index.ts";
import { privateTexts, type SandboxFixture, startSandbox } from "./sandbox-fixture.ts";

const hasStats = commands.some((c) => c.name === "stats");

describe("sandbox flows through the page's API", () => {
  let f: SandboxFixture | undefined;
  afterEach(async () => {
    await f?.stop();
    f = undefined;
  });

  it("stores every simulated member's profile through /quickmeet profile, so intros show common ground", async () => {
    f = await startSandbox();
    const profile = await f.bot.engine.community.profile("sandbox", "T0SANDBOX", "UBEN");
    expect(profile?.interests).toContain("data visualization");
    expect(profile?.field).toBe("Data journalist");
    await f.command(ORGANIZER_ID, "/quickmeet start rounds:1 minutes:2 lobby_minutes:1");
    await f.fastForward();
    const intros = [...f.world.spaces.values()].map((s) => s.messages[0]?.message.text ?? "");
    expect(intros.length).toBe(6);
    expect(intros.filter((t) => t.includes("What you share")).length).toBeGreaterThan(3);
  });

  it("parses typed commands like Slack: options, @name mentions, help and mistakes answered privately", async () => {
    f = await startSandbox({ autoplay: false });
    await f.command("UAMARA", "/quickmeet start rounds:3");
    expect(privateTexts(await f.state("UAMARA")).at(-1)).toMatch(/organizer/i);
    await f.command(ORGANIZER_ID, "/quickmeet start rounds:99");
    expect(privateTexts(await f.state(ORGANIZER_ID)).at(-1)).toMatch(/rounds must be a whole number from 1 to 20/);
    await f.command(ORGANIZER_ID, "/quickmeet dance");
    expect(privateTexts(await f.state(ORGANIZER_ID)).at(-1)).toMatch(/no `\/quickmeet dance`/);
    await f.command(ORGANIZER_ID, "/quickmeet help");
    expect(privateTexts(await f.state(ORGANIZER_ID)).at(-1)).toMatch(/Quick Meet commands/);
    await f.command("UAMARA", "/quickmeet block @ben");
    expect((await f.bot.engine.community.memberState("sandbox", "T0SANDBOX", "UAMARA")).blocked).toEqual(["UBEN"]);
    // Nothing the members typed reached the channel.
    expect(f.world.channels.get("C0GENERAL")!.messages).toHaveLength(0);
  });

  it("answers /quickmeet profile with a form, and saves what the form sends back", async () => {
    f = await startSandbox({ autoplay: false });
    const asked = await f.command("UGRACE", "/quickmeet profile");
    const form = asked.body.form as { formId: string; fields: Array<{ id: string; initial?: string }> };
    expect(form.formId).toBe("profile");
    expect(form.fields.find((x) => x.id === "interests")?.initial).toContain("baking");
    await f.post("/api/form", "UGRACE", { formId: "profile", values: { interests: "baking, chess", city: "Oslo" } });
    expect(privateTexts(await f.state("UGRACE")).at(-1)).toMatch(/Profile saved/);
    expect((await f.bot.engine.community.profile("sandbox", "T0SANDBOX", "UGRACE"))?.city).toBe("Oslo");
  });

  it("plays a whole session on its own: joins, talk, feedback, connections, summary for the organizer", async () => {
    f = await startSandbox();
    await f.command(ORGANIZER_ID, "/quickmeet start rounds:2 minutes:2 lobby_minutes:1");
    const steps: boolean[] = [];
    for (
      let i = 0;
      i < 12 && f.world.channels.get("C0GENERAL")!.messages[0]?.message.title !== "Quick Meet: ended";
      i++
    )
      steps.push((await f.fastForward()).moved);
    expect(steps.every(Boolean)).toBe(true);
    const spaces = [...f.world.spaces.values()];
    expect(spaces).toHaveLength(12);
    expect(spaces.every((s) => s.messages.some((m) => m.author !== "BQUICKMEET"))).toBe(true);
    // The summary comes a few minutes after the end, once the last feedback is in.
    expect((await f.fastForward()).moved).toBe(true);
    await f.settle();
    const summary = (await f.state(ORGANIZER_ID)).private.find((m) => m.title?.startsWith("Quick Meet summary"));
    const field = (label: string) => summary?.fields.find((x) => x.label === label)?.value;
    expect(field("People")).toBe("12");
    expect(field("Conversations that happened")).toBe("12 of 12");
    // Every space closes once its answer window is over (its buttons then refuse clicks, as on Discord).
    for (let i = 0; i < 6 && !spaces.every((s) => s.closed); i++) await f.fastForward();
    expect(spaces.every((s) => s.closed)).toBe(true);
    const last = spaces.at(-1)!;
    const closing = last.messages.findLast((m) => (m.message.buttons ?? []).length > 0)!;
    const late = await f.post("/api/action", last.members[0]!, {
      messageId: closing.id,
      actionId: closing.message.buttons?.[0]?.[0]?.actionId,
    });
    expect(late.status).toBe(409);
    expect(late.body.error).toContain("closed");
    expect(field("Feedback")).toMatch(/great \d+/);
    // Every simulated member answered after each round (feedback recorded by the core).
    const events = await f.bot.engine.community.events("sandbox", "T0SANDBOX");
    expect(events.filter((e) => e.type === "feedback").length).toBeGreaterThanOrEqual(20);
  });

  it("leaves a member alone while a viewer acts as them (live page connection)", async () => {
    f = await startSandbox();
    const controller = new AbortController();
    const events = await fetch(f.url("/api/events?as=UAMARA"), { signal: controller.signal });
    expect(events.headers.get("content-type")).toBe("text/event-stream");
    const reader = events.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toContain("event: change");
    await f.command(ORGANIZER_ID, "/quickmeet start rounds:1 minutes:2 lobby_minutes:1");
    await f.fastForward();
    const joined = (await f.bot.engine.sessions.get((await f.bot.engine.sessions.activeIds())[0]!))?.participants;
    expect(joined).toHaveLength(11);
    expect(joined).not.toContain("UAMARA");
    controller.abort();
  });

  it.skipIf(!hasStats)("shows the organizer's stats with the chart as an image attachment", async () => {
    f = await startSandbox();
    await f.command(ORGANIZER_ID, "/quickmeet start rounds:1 minutes:2 lobby_minutes:1");
    for (let i = 0; i < 4; i++) await f.fastForward();
    await f.command(ORGANIZER_ID, "/quickmeet stats");
    const reply = (await f.state(ORGANIZER_ID)).private.at(-1)!;
    const png = reply.attachments.find((a) => a.contentType === "image/png");
    expect(png?.dataUrl).toMatch(/^data:image\/png;base64,iVBOR/);
  });
});
