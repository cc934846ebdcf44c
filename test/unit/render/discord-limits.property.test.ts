import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DISCORD_LIMITS } from "../../../adapters/discord/limits.ts";
import { renderMessages, renderModal, renderSingle, restBody } from "../../../adapters/discord/render.ts";
import { validateMessageBody, validateModal } from "../../emulators/discord/validate.ts";
import {
  meSample,
  meSampleInputsArb,
  messageSampleArb,
  profileSamples,
  type Sample,
  statsSampleArb,
} from "./samples.ts";

/**
 * The Discord twin of slack-limits.property.test.ts: every message builder, the stats reply, `/quickmeet me` and the
 * profile form, rendered from extreme but legal inputs through the Discord renderer and checked by the same validator
 * the Discord emulator uses (adapters/discord/limits.ts), and for what must never be lost: every button, every
 * question, every character of the text.
 */

/** What a member reads: Discord shows a backslash-escaped character as the character. */
const read = (content: string) => content.replace(/\\(.)/g, "$1");
const squash = (text: string) => read(text).replace(/[\s*]/g, "");

function checkDiscord({ message, mustKeep }: Sample): void {
  const parts = renderMessages(message);
  expect(parts.length).toBeGreaterThan(0);
  for (const part of parts) {
    const { body } = restBody(part);
    expect(() => validateMessageBody(body)).not.toThrow();
    expect(part.content.length).toBeLessThanOrEqual(DISCORD_LIMITS.message.content);
    // Only the bot's own mentions may notify: never @everyone, @here or roles.
    expect(body.allowed_mentions.parse).toEqual([]);
  }
  // Every button, with its label, exactly once, on the last part.
  const buttons = parts.flatMap((p) =>
    p.components.flatMap((r) => r.components.map((b) => b as { custom_id?: string; label?: string; url?: string })),
  );
  // A link button (the video room) carries its address instead of a custom id.
  expect(buttons.map((b) => [b.custom_id ?? b.url, b.label])).toEqual(
    (message.buttons ?? []).flat().map((b) => [b.url ?? b.actionId, b.label]),
  );
  // Nothing cut: the parts hold the whole text, and every question word for word.
  const text = squash(parts.map((p) => p.content).join("\n"));
  for (const keep of mustKeep) expect(text).toContain(squash(keep));
  expect(text).toContain(squash(message.text));
  // The one-message form used for edits in place is valid too and keeps every button.
  const single = renderSingle(message);
  expect(() => validateMessageBody(restBody(single).body)).not.toThrow();
  expect(single.components.flatMap((r) => r.components)).toHaveLength((message.buttons ?? []).flat().length);
}

describe("the Discord renderer over generated extreme inputs", () => {
  it("renders every message builder within Discord's limits, keeping every button, question and character", () => {
    fc.assert(fc.property(messageSampleArb, checkDiscord), { numRuns: 400 });
  });

  it("renders /quickmeet stats over up to 80 channels within Discord's limits, every channel shown", () => {
    fc.assert(
      fc.property(statsSampleArb, (s) => {
        checkDiscord(s);
        const text = renderMessages(s.message)
          .map((p) => p.content)
          .join("\n");
        const channels = s.message.fields?.find((f) => f.label === "Participation")?.value.match(/C\d{9}/g) ?? [];
        for (const id of channels) expect(text).toContain(id);
      }),
      { numRuns: 40 },
    );
  });

  it("renders /quickmeet me within Discord's limits", async () => {
    await fc.assert(
      fc.asyncProperty(meSampleInputsArb, async (inputs) => checkDiscord(await meSample(inputs))),
      { numRuns: 30 },
    );
  });

  it("opens the profile form as a valid modal, pre-filled with everything stored", async () => {
    await fc.assert(
      fc.asyncProperty(meSampleInputsArb, async (inputs) => {
        const { form, saved } = await profileSamples(inputs);
        expect(() => validateModal(renderModal(form) as unknown as Record<string, unknown>)).not.toThrow();
        checkDiscord(saved);
      }),
      { numRuns: 30 },
    );
  });
});
