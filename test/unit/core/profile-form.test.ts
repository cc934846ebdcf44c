import { describe, expect, it } from "vitest";
import { renderModal } from "../../../adapters/discord/render.ts";
import { renderModal as renderSlackModal } from "../../../adapters/slack/render.ts";
import type { FormSpec } from "../../../src/platform/port.ts";
import { createHarness, replyText } from "../../fakes/harness.ts";

const formOf = async (h: ReturnType<typeof createHarness>, userId: string): Promise<FormSpec> => {
  const reply = await h.command(userId, "profile");
  if (reply.kind !== "form") throw new Error(`expected a form, got ${reply.kind}`);
  return reply.form;
};

/** What a member submits when they open the form and press Save without touching anything. */
const unchanged = (form: FormSpec) => Object.fromEntries(form.fields.map((f) => [f.id, f.initial ?? ""]));

describe("profile form", () => {
  it("clears a field the member emptied in the form", async () => {
    const h = createHarness();
    await h.command("a", "profile", { city: "Rochester", field: "PR student", interests: "jazz" });
    const form = await formOf(h, "a");
    const reply = await h.bot.submitForm(h.inv("a"), "profile", { ...unchanged(form), city: "" });
    expect(replyText(reply)).toContain("Profile saved");
    const saved = await h.bot.engine.community.profile("fake", h.community, "a");
    expect(saved?.city).toBeUndefined();
    expect(saved?.field).toBe("PR student");
  });

  it("has the time zone in the form where forms hold six inputs, and names how to set it where they hold five", async () => {
    const h = createHarness();
    await h.command("a", "profile", { timezone: "Europe/Berlin" });
    const wide = await formOf(h, "a");
    expect(wide.fields.find((f) => f.id === "timezone")?.initial).toBe("Europe/Berlin");
    const saved = await h.bot.submitForm(h.inv("a"), "profile", { ...unchanged(wide), timezone: "Asia/Tokyo" });
    expect(replyText(saved)).toContain("Profile saved");
    expect((await h.bot.engine.community.profile("fake", h.community, "a"))?.timeZone).toBe("Asia/Tokyo");

    h.platform.maxFormFields = 5;
    const narrow = await formOf(h, "a");
    expect(narrow.fields).toHaveLength(5);
    expect(narrow.fields.find((f) => f.id === "city")?.description).toContain("Asia/Tokyo");
    expect(narrow.fields.find((f) => f.id === "city")?.description).toContain("/quickmeet profile timezone:");
  });

  it("fits Discord's modal limits and can be submitted unchanged with the longest allowed interests", async () => {
    const h = createHarness();
    h.platform.maxFormFields = 5;
    const longest = Array.from({ length: 15 }, (_, i) => `${String.fromCharCode(97 + i)}`.repeat(40)).join(", ");
    expect(replyText(await h.command("a", "profile", { interests: longest }))).toContain("Profile saved");
    const form = await formOf(h, "a");
    for (const f of form.fields) {
      expect(f.label.length, f.label).toBeLessThanOrEqual(45);
      expect((f.description ?? "").length, f.description).toBeLessThanOrEqual(100);
      expect((f.initial ?? "").length, f.id).toBeLessThanOrEqual(f.maxLength ?? Number.POSITIVE_INFINITY);
    }
    expect(replyText(await h.bot.submitForm(h.inv("a"), "profile", unchanged(form)))).toContain("Profile saved");
  });

  it("shows a stored value longer than the form allows whole, and names what to shorten when it is sent back", async () => {
    const h = createHarness();
    const interests = Array.from({ length: 20 }, (_, i) => `interest number ${i} ${"x".repeat(30)}`);
    await h.bot.engine.community.saveProfile("fake", h.community, {
      v: 1,
      userId: "a",
      displayName: "A",
      interests,
      lookingFor: [],
      updatedAt: 0,
    });
    const form = await formOf(h, "a");
    const field = form.fields.find((f) => f.id === "interests")!;
    expect(field.initial).toBe(interests.join(", "));
    expect(field.maxLength).toBeGreaterThanOrEqual(field.initial!.length);
    const reply = await h.bot.submitForm(h.inv("a"), "profile", unchanged(form));
    expect(reply.kind === "form-errors" && reply.errors.interests).toContain("at most 15 tags");
  });

  it("renders each input in a Label component with its description (Discord), as a hint (Slack)", async () => {
    const h = createHarness();
    h.platform.maxFormFields = 5;
    const form = await formOf(h, "a");
    const modal = renderModal(form);
    expect(modal.components).toHaveLength(5);
    const looking = modal.components.find(
      (c) => c.type === 18 && "component" in c && c.component.custom_id === "looking_for",
    );
    expect(looking).toMatchObject({ type: 18, label: "Looking for", description: expect.stringContaining("mentor") });
    const slack = renderSlackModal(form, { formId: "profile", channelId: "C1" });
    expect(slack.blocks.find((b) => b.block_id === "looking_for")).toMatchObject({
      hint: { text: expect.stringContaining("mentee") },
    });
  });
});
