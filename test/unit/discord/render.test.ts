import { ButtonStyle, DiscordAPIError } from "discord.js";
import { describe, expect, it } from "vitest";
import { translateError } from "../../../adapters/discord/errors.ts";
import { INVITE_PERMISSIONS, INVITE_SCOPES, inviteUrl } from "../../../adapters/discord/invite.ts";
import { autoArchiveFor } from "../../../adapters/discord/limits.ts";
import { renderMessages, renderModal, restBody } from "../../../adapters/discord/render.ts";
import { literal } from "../../../src/messages/markup.ts";

const apiError = (code: number, status: number) =>
  new DiscordAPIError(
    { code, message: "x" },
    code,
    status,
    "POST",
    "https://discord.invalid/api/v10/channels/1/threads",
    { body: undefined },
  );

describe("Discord rendering", () => {
  it("renders title, text and fields as content (mentions notify only in content) and buttons as action rows", () => {
    const [r] = renderMessages({
      title: "Round 1",
      text: "Hi <@123>",
      fields: [{ label: "Ends", value: "10:05" }],
      buttons: [[{ actionId: "qm:join:s1", label: "Join", style: "primary" }]],
    });
    expect(r?.content).toBe("**Round 1**\nHi <@123>\n**Ends:** 10:05");
    expect(r?.components[0]?.components[0]).toMatchObject({
      type: 2,
      custom_id: "qm:join:s1",
      style: ButtonStyle.Primary,
    });
  });

  it("splits content longer than Discord's 2,000 characters into several messages, losing nothing", () => {
    const text = Array.from({ length: 60 }, (_, i) => `line ${i} ${"x".repeat(80)}`).join("\n");
    const parts = renderMessages({ text, buttons: [[{ actionId: "qm:x", label: "X" }]] });
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(p.content.length).toBeLessThanOrEqual(2_000);
    expect(parts.map((p) => p.content).join("\n")).toBe(text);
    // The buttons ride on the last part, under the text they answer.
    expect(parts.slice(0, -1).every((p) => p.components.length === 0)).toBe(true);
    expect(parts.at(-1)?.components).toHaveLength(1);
  });

  it("cuts one unbroken 5,000-character line between characters, never inside an emoji", () => {
    const text = "👩🏽‍💻".repeat(800);
    const parts = renderMessages({ text });
    expect(parts.map((p) => p.content).join("")).toBe(text);
    for (const p of parts) expect(p.content.length).toBeLessThanOrEqual(2_000);
    for (const p of parts) expect(p.content.startsWith("👩🏽‍💻")).toBe(true);
  });

  it("shows member text as typed: no mention, no markdown, and only the bot's mentions may notify", () => {
    const typed = "<@999> @everyone @here **bold** <#555> [site](https://x.invalid)";
    const [r] = renderMessages({ text: `<@123>: ${literal(typed)}` });
    const body = restBody(r!).body;
    expect(body.allowed_mentions).toEqual({ parse: [], users: ["123"] });
    expect(r?.content).not.toMatch(/(?<!\\)<@999>|(?<!\\)<#555>|(?<!\\)\*\*bold|(?<!\\)@everyone|(?<!\\)\[site/);
    // Discord shows a backslash-escaped character as the character: what members read is what was typed.
    expect(r?.content.replace(/^<@123>: /, "").replace(/\\(.)/g, "$1")).toBe(typed);
  });

  it("keeps a thread open as long as it is used: the shortest auto-archive duration that covers it", () => {
    expect(autoArchiveFor(15 * 60_000)).toBe(60);
    expect(autoArchiveFor(61 * 60_000)).toBe(1_440);
    expect(autoArchiveFor(3 * 24 * 60 * 60_000)).toBe(4_320);
    expect(autoArchiveFor(9 * 24 * 60 * 60_000)).toBe(10_080);
  });

  it("turns a form into a modal of at most five text inputs", () => {
    const modal = renderModal({
      formId: "profile",
      title: "Your Quick Meet profile, with a title longer than forty-five characters",
      fields: Array.from({ length: 7 }, (_, i) => ({
        id: `f${i}`,
        label: `Field ${i}`,
        style: "short" as const,
        required: false,
      })),
    });
    expect(modal.title.length).toBeLessThanOrEqual(45);
    expect(modal.components).toHaveLength(5);
  });
});

describe("Discord errors", () => {
  const ctx = { action: "open a private thread", permission: "Create Private Threads", channel: "#general" };

  it("maps 160006 to space-capacity", () => {
    expect(translateError(apiError(160006, 400), ctx).code).toBe("space-capacity");
  });

  it("maps 50013 to missing-permission naming the permission and the channel", () => {
    const error = translateError(apiError(50013, 403), ctx);
    expect(error.code).toBe("missing-permission");
    expect(error.details.permission).toBe("Create Private Threads");
    expect(error.message).toContain("Grant the bot Create Private Threads in #general");
  });

  it("maps 50001 (Missing Access) to missing View Channel and 50007 to unreachable-member", () => {
    expect(translateError(apiError(50001, 403), ctx).details.permission).toBe("View Channel");
    expect(translateError(apiError(50007, 403), ctx).code).toBe("unreachable-member");
  });
});

describe("the invite URL", () => {
  it("asks for exactly the bot and applications.commands scopes and the documented permissions", () => {
    const url = new URL(inviteUrl("1234567890123456789"));
    expect(url.searchParams.get("scope")).toBe(INVITE_SCOPES.join(" "));
    expect(url.searchParams.get("permissions")).toBe("360777288704");
    expect(INVITE_PERMISSIONS).toBe(360777288704n);
  });
});

describe("Discord production defaults", () => {
  it("keeps discord.js's own 50 ms rate-limit margin unless a test lowers it", async () => {
    const { createDiscordAdapter } = await import("../../../adapters/discord/index.ts");
    const real = createDiscordAdapter({ token: "t", appId: "1" });
    const tuned = createDiscordAdapter({ token: "t", appId: "1", rateLimitOffsetMs: 10 });
    expect(real.client.rest.options.offset).toBe(50);
    expect(tuned.client.rest.options.offset).toBe(10);
    await real.client.destroy();
    await tuned.client.destroy();
  });
});

describe("thread names", () => {
  it("are cut between characters, never inside an emoji, within Discord's 100", async () => {
    const { clip } = await import("../../../src/messages/markup.ts");
    const title = `Quick Meet · round 1 · ${"Zoë 👩🏽‍💻 ".repeat(12)}`;
    const name = clip(title, 100);
    expect(name.length).toBeLessThanOrEqual(100);
    expect(name.endsWith("…")).toBe(true);
    // No lone surrogate: the name survives a UTF-8 round trip unchanged.
    expect(Buffer.from(name, "utf8").toString("utf8")).toBe(name);
    expect(title.startsWith(name.slice(0, -1))).toBe(true);
    expect(/[\u{1F3FD}\u200D]$/u.test(name.slice(0, -1))).toBe(false);
  });
});
