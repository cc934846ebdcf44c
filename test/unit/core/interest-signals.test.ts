import { describe, expect, it } from "vitest";
import { parseInterestSignal } from "../../../commands/interest-signal.ts";
import { describeCommonGround } from "../../../src/common-ground/describe.ts";
import { buildCommonGroundModel } from "../../../src/common-ground/model.ts";
import { attributeItems, withSignals } from "../../../src/common-ground/signals.ts";
import type { InterestSignal } from "../../../src/domain/types.ts";
import { actionIds } from "../../../src/messages/actions.ts";
import { createHarness, replyText } from "../../fakes/harness.ts";

const MIN = 60_000;
const podcasting: InterestSignal = { kind: "channel", id: "C0PODCAST", name: "podcasting", tag: "podcasting" };

describe("interest signals (organizer-chosen roles and channels)", () => {
  it("merges a channel's tag like a typed one: synonyms match, the intro says where it comes from", () => {
    const a = withSignals({ userId: "a", displayName: "Ann", interests: [], lookingFor: [] }, [podcasting]);
    const b = withSignals({ userId: "b", displayName: "Ben", interests: [], lookingFor: [] }, [podcasting]);
    const model = buildCommonGroundModel([a.profile, b.profile]);
    const items = attributeItems(
      model.explain(["a", "b"]),
      new Map([
        ["a", a.origins],
        ["b", b.origins],
      ]),
    );
    expect(describeCommonGround(items, { a: "Ann", b: "Ben" })).toEqual(["You're both in #podcasting"]);
  });

  it("names a tag one member typed and the other holds through a role as plain common ground", () => {
    const role: InterestSignal = { kind: "role", id: "123456", name: "PR", tag: "public relations" };
    const a = withSignals({ userId: "a", displayName: "Ann", interests: ["PR"], lookingFor: [] }, []);
    const b = withSignals({ userId: "b", displayName: "Ben", interests: [], lookingFor: [] }, [role]);
    const model = buildCommonGroundModel([a.profile, b.profile]);
    const items = attributeItems(model.explain(["a", "b"]), new Map([["b", b.origins]]));
    expect(describeCommonGround(items, { a: "Ann", b: "Ben" })).toEqual(["You both: public relations"]);
  });

  it("reads role and channel mentions in config, and refuses anything else in words", () => {
    expect(parseInterestSignal("<@&123456789> Podcasting")).toEqual({
      kind: "role",
      id: "123456789",
      name: "Podcasting",
      tag: "Podcasting",
    });
    expect(parseInterestSignal("<#C0PODCAST|podcasting>")).toEqual(podcasting);
    expect(parseInterestSignal("<@&123456789> goal:mentor")).toMatchObject({ goal: "mentor" });
    expect(parseInterestSignal("podcasting")).toMatch(/starts with a role/);
    expect(parseInterestSignal("<@&123456789>")).toMatch(/needs the tag/);
  });

  async function meetOf(h: ReturnType<typeof createHarness>, people: string[]) {
    await h.command("org", "start", { rounds: 1, minutes: 5, lobby_minutes: 1 }, true);
    const lobby = h.platform.channelPosts.at(-1);
    const join = lobby?.message.buttons?.[0]?.[0]?.actionId ?? "";
    const replies = [];
    for (const m of people) replies.push(await h.click(m, join));
    await h.advance(MIN);
    return replies;
  }

  it("tells two members without profiles what they share through chosen signals, and nothing unchosen", async () => {
    const h = createHarness();
    const config = await h.command("org", "config", { add_interest: "<#C0PODCAST|podcasting>" }, true);
    expect(replyText(config)).toContain("Now counts as an interest");
    // Both also sit in a channel nobody chose: it must never show.
    h.platform.held.set("u1", ["C0PODCAST", "C0SECRET"]);
    h.platform.held.set("u2", ["C0PODCAST", "C0SECRET"]);
    await meetOf(h, ["u1", "u2"]);
    const intro = h.platform.spaces[0]?.messages[0]?.text ?? "";
    expect(intro).toContain("in \\#podcasting");
    expect(intro).not.toContain("SECRET");
  });

  it("leaves a member's roles and channels out once they choose 'profile only', and shows the switch", async () => {
    const h = createHarness();
    await h.command("org", "config", { add_interest: "<#C0PODCAST|podcasting>" }, true);
    h.platform.held.set("u1", ["C0PODCAST"]);
    h.platform.held.set("u2", ["C0PODCAST"]);
    const shown = await h.command("u1", "profile", { profile_only: "off" });
    expect(replyText(shown)).toContain("Also used to find common ground (chosen by your organizers): \\#podcasting");
    const click = await h.click("u1", actionIds.profileOnly(true));
    expect(click.privateMessage?.text).toContain("only your profile is used");
    await meetOf(h, ["u1", "u2"]);
    const intro = h.platform.spaces[0]?.messages[0]?.text ?? "";
    expect(intro).not.toContain("podcasting");
  });

  it("offers the profile form in the 'You're in' reply to members nothing is known about, and only to them", async () => {
    const h = createHarness();
    await h.command("org", "config", { add_interest: "<#C0PODCAST|podcasting>" }, true);
    h.platform.held.set("u2", ["C0PODCAST"]);
    await h.command("u3", "profile", { interests: "jazz" });
    const [u1, u2, u3] = await meetOf(h, ["u1", "u2", "u3"]);
    expect(u1?.privateMessage?.buttons?.[0]?.[0]?.actionId).toBe(actionIds.profileForm());
    expect(u2?.privateMessage?.buttons).toBeUndefined();
    expect(u3?.privateMessage?.buttons).toBeUndefined();
    const opened = await h.click("u1", actionIds.profileForm());
    expect(opened.form?.formId).toBe("profile");
  });

  it("shows organizers the share of grouped members the bot knew something about", async () => {
    const h = createHarness();
    await h.command("org", "config", { add_interest: "<#C0PODCAST|podcasting>" }, true);
    h.platform.held.set("u1", ["C0PODCAST"]);
    await h.command("u2", "profile", { interests: "jazz" });
    await meetOf(h, ["u1", "u2", "u3", "u4"]);
    const stats = replyText(await h.command("org", "stats", {}, true));
    expect(stats).toContain("Known about: 50% of grouped members had a profile or a chosen role or channel");
  });

  it("fills only empty profile fields from the platform profile, and only once an organizer turned it on", async () => {
    const h = createHarness();
    h.platform.hints.set("u1", { title: "Data journalist", timeZone: "Europe/Berlin" });
    h.platform.hints.set("u2", { title: "Data journalist", timeZone: "Europe/Berlin" });
    await h.command("u2", "profile", { field: "Photographer" });
    await meetOf(h, ["u1", "u2"]);
    expect(h.platform.calls.some((c) => c.startsWith("memberProfileHints"))).toBe(false);
    await h.advance(15 * MIN);
    await h.command("org", "config", { platform_profile: "on" }, true);
    await h.command("u3", "profile", { field: "data journalist" });
    await meetOf(h, ["u1", "u3"]);
    const intro = h.platform.spaces.find((sp) => sp.members.includes("u3"))?.messages[0]?.text ?? "";
    expect(intro.toLowerCase()).toContain("data journalist");
    // u2 typed a field: their own profile wins over the platform's title, so u1 and u2 share no field.
    await h.advance(15 * MIN);
    await meetOf(h, ["u1", "u2"]);
    const again = h.platform.spaces.at(-1);
    expect(again?.members.sort()).toEqual(["u1", "u2"]);
    expect(again?.messages[0]?.text.toLowerCase()).not.toContain("journalist");
    expect(again?.messages[0]?.text).toContain("Europe/Berlin");
  });

  it("forget-me drops the member's cached signals and their switch", async () => {
    const h = createHarness();
    await h.command("u1", "profile", { profile_only: "on" });
    await h.command("u1", "forget-me", { confirm: true });
    expect(h.platform.forgottenSignals).toContain("u1");
    const state = await h.bot.engine.community.memberState("fake", h.community, "u1");
    expect(state.profileOnly).toBeUndefined();
  });
});
