import { describe, expect, it } from "vitest";
import { createHarness, replyText } from "../../fakes/harness.ts";

const MIN = 60_000;

describe("member commands", () => {
  it("opens the profile form when no option is given, prefilled with the saved profile", async () => {
    const h = createHarness();
    const first = await h.command("a", "profile");
    expect(first.kind).toBe("form");
    await h.command("a", "profile", {
      interests: "Hiking, public relations",
      city: "Rochester",
      looking_for: "mentor",
    });
    const again = await h.command("a", "profile");
    expect(again.kind === "form" && again.form.fields.find((f) => f.id === "interests")?.initial).toBe(
      "Hiking, public relations",
    );
  });

  it("saves a profile from the form and shows what partners will see", async () => {
    const h = createHarness();
    const reply = await h.bot.submitForm(h.inv("a"), "profile", {
      interests: "jazz, data journalism",
      field: "Reporter",
      city: "",
      looking_for: "collaborators, friends",
      fun_fact: "I once interviewed a astronaut",
    });
    expect(replyText(reply)).toContain("Interests: jazz, data journalism");
    expect(replyText(reply)).toContain("Reporter · looking for collaborators, friends");
  });

  it("refuses a bad profile with each mistake on its field and the form as typed, never echoing text", async () => {
    const h = createHarness();
    const typed = { interests: "chess, **go**", looking_for: "a sponsor", fun_fact: "x".repeat(250), city: "" };
    const reply = await h.bot.submitForm(h.inv("a"), "profile", typed);
    expect(reply.kind).toBe("form-errors");
    if (reply.kind !== "form-errors") return;
    expect(reply.errors).toEqual({
      looking_for: 'looking_for: "a sponsor" isn\'t one of mentor, mentee, job, hiring, collaborators, friends',
      fun_fact: "fun_fact must be at most 200 characters",
    });
    // The same form, holding exactly what was typed (markup and all), so nothing needs copying back.
    const initial = Object.fromEntries(reply.form.fields.map((f) => [f.id, f.initial ?? ""]));
    expect(initial).toMatchObject(typed);
    expect(reply.message.text).not.toContain("chess");
    expect(await h.bot.engine.community.profile("fake", h.community, "a")).toBeUndefined();
  });

  it("validates the time zone", async () => {
    const h = createHarness();
    expect(replyText(await h.command("a", "profile", { timezone: "Mars/Olympus" }))).toContain(
      "timezone must be an IANA time zone",
    );
    expect(replyText(await h.command("a", "profile", { timezone: "Europe/Berlin" }))).toContain("Profile saved");
  });

  it("never groups a member with someone they blocked, without telling the blocked one", async () => {
    const h = createHarness();
    await h.command("a", "block", { member: "<@b>" });
    await h.command("c", "block", { member: "d" });
    await h.command("org", "start", { rounds: 3, minutes: 3, lobby_minutes: 1, break_seconds: 0 }, true);
    const join = h.lobby()!.message.buttons![0]![0]!.actionId;
    for (const m of ["a", "b", "c", "d"]) await h.click(m, join);
    await h.advance(1 * MIN + 3 * 3 * MIN);
    for (const s of h.platform.spaces) {
      expect(s.members.includes("a") && s.members.includes("b")).toBe(false);
      expect(s.members.includes("c") && s.members.includes("d")).toBe(false);
    }
    expect(h.platform.privateTexts("b").join()).not.toContain("block");
  });

  it("pauses for some days and resumes automatically once they pass", async () => {
    const h = createHarness();
    expect(replyText(await h.command("a", "pause"))).toContain("Say how long to pause");
    expect(replyText(await h.command("a", "pause", { days: 3 }))).toContain("Paused until");
    expect(replyText(await h.command("a", "me"))).toContain("Status: Paused until");
    await h.clock.advance(3 * 24 * 60 * MIN + 1);
    expect(replyText(await h.command("a", "me"))).toContain("Status: Active");
  });

  it("forget-me asks for confirmation, then deletes the profile and removes the member's id from history", async () => {
    const h = createHarness();
    await h.command("a", "profile", { interests: "hiking" });
    await h.command("org", "start", { rounds: 1, minutes: 3, lobby_minutes: 1 }, true);
    const join = h.lobby()!.message.buttons![0]![0]!.actionId;
    for (const m of ["a", "b"]) await h.click(m, join);
    await h.advance(4 * MIN);
    expect(replyText(await h.command("a", "forget-me"))).toContain("confirm:true");
    expect(replyText(await h.command("a", "forget-me", { confirm: "yes" }))).toContain("anonymised");
    expect(await h.bot.engine.community.profile("fake", h.community, "a")).toBeUndefined();
    const history = JSON.stringify(await h.bot.engine.community.events("fake", h.community));
    expect(history).not.toMatch(/"a"/);
    expect(history).toContain("forgotten-");
    const sessionId = (await h.bot.engine.community.events("fake", h.community)).find(
      (e) => e.type === "session-started",
    );
    const id = sessionId && "sessionId" in sessionId ? sessionId.sessionId : "";
    const stored = JSON.stringify([await h.bot.engine.sessions.get(id), await h.bot.engine.sessions.round(id, 1)]);
    expect(stored).not.toMatch(/"a"|Name a/);
    expect(stored).toContain("forgotten-");
    expect(replyText(await h.command("b", "me"))).toContain("Sessions: 1");
  });

  it("lets an admin name an organizer role and organizers, who may then start sessions", async () => {
    const h = createHarness();
    expect(replyText(await h.command("x", "config", { add_organizer: "<@x>" }))).toContain("Only organizers");
    expect(
      replyText(await h.command("admin", "config", { add_organizer: "<@x>", organizer_role: "<@&123456789>" }, true)),
    ).toContain("<@x> is now an organizer");
    expect(replyText(await h.command("x", "start", { lobby_minutes: 1 }))).toContain("Quick Meet started");
    const withRole = await h.bot.runCommand(
      { ...h.inv("y"), actor: { userId: "y", displayName: "Y", isAdmin: false, roleIds: ["123456789"] } },
      "status",
      {},
    );
    expect(replyText(withRole)).toContain("Lobby open");
  });

  it("keeps organizers' custom questions for intros and removes them by id", async () => {
    const h = createHarness();
    await h.command("admin", "config", { add_question: "What is one thing our club should try this year?" }, true);
    const settings = await h.bot.engine.community.settings("fake", h.community);
    expect(settings.customQuestions[0]?.text).toBe("What is one thing our club should try this year?");
    expect(replyText(await h.command("admin", "config", { remove_question: "nope" }, true))).toContain(
      "No custom question has the id",
    );
  });

  it("refuses an unknown subcommand with the list of real ones", async () => {
    const h = createHarness();
    expect(replyText(await h.command("a", "dance"))).toContain("There's no `/quickmeet dance`. Available: start, join");
  });
});
