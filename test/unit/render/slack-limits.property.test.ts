import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { messageView } from "../../../adapters/sandbox/view.ts";
import type { SandboxWorld } from "../../../adapters/sandbox/world.ts";
import { renderHome } from "../../../adapters/slack/home.ts";
import { SLACK } from "../../../adapters/slack/limits.ts";
import { renderMessage, renderMessages, renderModal, toMrkdwn } from "../../../adapters/slack/render.ts";
import type { SlackBody } from "../../../adapters/slack/web.ts";
import type { RichMessage } from "../../../src/platform/port.ts";
import { messageBlocksError, viewProblems } from "../../emulators/slack/validate.ts";
import {
  meSample,
  meSampleInputsArb,
  messageSampleArb,
  profileSamples,
  type Sample,
  statsSampleArb,
} from "./samples.ts";

/**
 * Every message builder, the stats reply and `/quickmeet me`, rendered from extreme but legal inputs through the
 * Slack renderer (and the sandbox's), checked against the limit table by the same validator the Slack emulator
 * uses, and checked for what must never be lost: every button, every question.
 */

type AnyBlock = { type: string; text?: { text: string }; fields?: Array<{ text: string }>; elements?: unknown[] };

/** Text a member sees, without whitespace and bold marks, so cuts at spaces and line breaks compare equal. */
const squash = (text: string) => text.replace(/[\s*]/g, "");

function shown(bodies: readonly SlackBody[]): string {
  return bodies
    .flatMap((b) => b.blocks as AnyBlock[])
    .map((b) => [b.text?.text ?? "", ...(b.fields ?? []).map((f) => f.text)].join("\n"))
    .join("\n");
}

function buttonsOf(bodies: readonly SlackBody[]): Array<{ id: string; label: string; url?: string }> {
  return bodies
    .flatMap((b) => b.blocks as AnyBlock[])
    .filter((b) => b.type === "actions")
    .flatMap((b) => b.elements as Array<{ action_id: string; text: { text: string }; url?: string }>)
    .map((e) => ({ id: e.action_id, label: e.text.text, ...(e.url ? { url: e.url } : {}) }));
}

function expectValidBodies(bodies: readonly SlackBody[]): void {
  expect(bodies.length).toBeGreaterThan(0);
  for (const body of bodies) {
    expect(messageBlocksError(body.blocks)).toBeUndefined();
    expect(body.text.length).toBeGreaterThan(0);
    expect(body.text.length).toBeLessThanOrEqual(SLACK.fallbackText);
  }
}

/** What the Slack renderer must guarantee for one sample. */
function checkSlack({ message, mustKeep }: Sample): void {
  const bodies = renderMessages(message);
  expectValidBodies(bodies);
  // Nothing a member needs is dropped: every button, with its label, and every question, word for word.
  // A link button (the video room) keeps its address.
  const expected = (message.buttons ?? [])
    .flat()
    .map((b) => ({ id: b.actionId, label: b.label, ...(b.url ? { url: b.url } : {}) }));
  expect(buttonsOf(bodies)).toEqual(expected);
  const text = squash(shown(bodies));
  for (const keep of mustKeep) expect(text).toContain(squash(toMrkdwn(keep)));
  // The one-message form (edits) is valid too and keeps every button.
  const single = renderMessage(message);
  expectValidBodies([single]);
  expect(buttonsOf([single])).toEqual(expected);
}

const world = { name: (id: string) => `name of ${id}` } as unknown as SandboxWorld;

/** The sandbox page shows the core's message as it is: nothing cut, nothing reordered. */
function checkSandbox({ message }: Sample): void {
  const view = messageView(world, { id: "m1", author: "bot", at: 0, message });
  expect(view.text).toBe(message.text);
  expect(view.title).toBe(message.title);
  expect(view.fields).toEqual((message.fields ?? []).map((f) => ({ label: f.label, value: f.value })));
  expect(view.buttons.flat().map((b) => [b.actionId, b.label, b.url])).toEqual(
    (message.buttons ?? []).flat().map((b) => [b.actionId, b.label, b.url]),
  );
}

describe("Slack and sandbox renderers over generated extreme inputs", () => {
  it("render every message builder within Slack's limits, keeping every button and question", () => {
    fc.assert(
      fc.property(messageSampleArb, (s) => {
        checkSlack(s);
        checkSandbox(s);
      }),
      { numRuns: 400 },
    );
  });

  it("render /quickmeet stats over up to 80 channels within Slack's limits, every channel shown", () => {
    fc.assert(
      fc.property(statsSampleArb, (s) => {
        checkSlack(s);
        checkSandbox(s);
        const text = shown(renderMessages(s.message));
        const channels = s.message.fields?.find((f) => f.label === "Participation")?.value.match(/C\d{9}/g) ?? [];
        for (const id of channels) expect(text).toContain(id);
      }),
      { numRuns: 40 },
    );
  });

  it("render /quickmeet me and the App Home (me + organizer stats) within Slack's limits", async () => {
    await fc.assert(
      fc.asyncProperty(meSampleInputsArb, statsSampleArb, async (inputs, stats) => {
        const me = await meSample(inputs);
        checkSlack(me);
        checkSandbox(me);
        const home = renderHome([me.message, stats.message] satisfies RichMessage[]);
        expect(viewProblems(home, "home")).toEqual([]);
      }),
      { numRuns: 30 },
    );
  });

  it("open the profile form as a valid modal, pre-filled with everything stored, and confirm a saved profile", async () => {
    await fc.assert(
      fc.asyncProperty(meSampleInputsArb, async (inputs) => {
        const { form, saved } = await profileSamples(inputs);
        const view = renderModal(form, { formId: form.formId, channelId: "C0HERE0000" });
        expect(viewProblems(view, "modal")).toEqual([]);
        // What the member stored is there to edit (a stored value is not cut to the field's own limit; only past
        // the 3,000 characters a Slack input can hold at all, beyond what the profile command accepts).
        const initial = (view.blocks as Array<{ element: { initial_value?: string } }>).map(
          (b) => b.element.initial_value,
        );
        expect(initial).toEqual(
          form.fields.map((f) => (f.initial ? f.initial.slice(0, SLACK.plainTextInputMaxLength) : undefined)),
        );
        checkSlack(saved);
        checkSandbox(saved);
      }),
      { numRuns: 40 },
    );
  });
});
