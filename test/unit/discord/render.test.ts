import { ButtonStyle, DiscordAPIError } from "discord.js";
import { describe, expect, it } from "vitest";
import { translateError } from "../../../adapters/discord/errors.ts";
import { INVITE_PERMISSIONS, INVITE_SCOPES, inviteUrl } from "../../../adapters/discord/invite.ts";
import { renderMessage, renderModal } from "../../../adapters/discord/render.ts";

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
    const r = renderMessage({
      title: "Round 1",
      text: "Hi <@123>",
      fields: [{ label: "Ends", value: "10:05" }],
      buttons: [[{ actionId: "qm:join:s1", label: "Join", style: "primary" }]],
    });
    expect(r.content).toBe("**Round 1**\nHi <@123>\n**Ends:** 10:05");
    expect(r.components[0]?.components[0]).toMatchObject({
      type: 2,
      custom_id: "qm:join:s1",
      style: ButtonStyle.Primary,
    });
  });

  it("keeps content within Discord's 2,000 characters", () => {
    expect(renderMessage({ text: "x".repeat(5_000) }).content).toHaveLength(2_000);
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
