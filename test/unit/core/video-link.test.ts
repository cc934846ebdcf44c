import { describe, expect, it } from "vitest";
import { MAX_VIDEO_LINK, parseVideoLink } from "../../../src/session/video-link.ts";
import type { FakeSpace } from "../../fakes/fake-platform.ts";
import { createHarness, replyText } from "../../fakes/harness.ts";

const MIN = 60_000;
const TEMPLATE = "https://meet.jit.si/{community}-{session}-{group}";

const error = (input: string) => {
  const r = parseVideoLink(input);
  return r.ok ? undefined : r.error;
};

describe("the video_link setting", () => {
  it("accepts a template with {session} and {group}, fixed links, and off", () => {
    expect(parseVideoLink(TEMPLATE)).toEqual({ ok: true, value: TEMPLATE });
    expect(parseVideoLink("https://zoom.us/j/1, https://zoom.us/j/2")).toEqual({
      ok: true,
      value: "https://zoom.us/j/1 https://zoom.us/j/2",
    });
    // Slack sends a typed link wrapped in <…>.
    expect(parseVideoLink("<https://zoom.us/j/1> <https://zoom.us/j/2|Room 2>")).toMatchObject({
      value: "https://zoom.us/j/1 https://zoom.us/j/2",
    });
    expect(parseVideoLink("off")).toEqual({ ok: true, value: undefined });
    expect(parseVideoLink("https://zoom.us/j/1")).toMatchObject({ ok: true, note: expect.stringContaining("group 1") });
  });

  it("refuses what would let strangers in or groups collide, saying what to type", () => {
    expect(error("https://meet.jit.si/{community}-{group}")).toContain("needs {session} and {group}");
    expect(error("https://meet.jit.si/quickmeet-{session}")).toContain("needs {session} and {group}");
    expect(error("http://meet.jit.si/{session}-{group}")).toContain("must start with https://");
    expect(error("meet.jit.si/{session}-{group}")).toContain("must be a web address");
    expect(error("https://meet.jit.si/{session}-{team}-{group}")).toContain("unknown placeholder {team}");
    expect(error("https://meet.jit.si/{session-{group}")).toBeDefined();
    expect(error("https://bob:secret@meet.example/{session}-{group}")).toContain("user name or password");
    expect(error("https://zoom.us/j/1 https://zoom.us/j/1")).toContain("same link twice");
    expect(error(`${TEMPLATE} https://zoom.us/j/2`)).toContain("one template or fixed links");
    expect(error(`https://meet.example/${"x".repeat(MAX_VIDEO_LINK)}/{session}/{group}`)).toContain("too long");
  });
});

async function sessionWithVideo(link: string) {
  const h = createHarness();
  const reply = await h.command("org", "config", { video_link: link }, true);
  expect(replyText(reply)).toContain("Intros now carry each group's video link");
  await h.command("org", "start", { rounds: 2, minutes: 3, lobby_minutes: 1, break_seconds: 0 }, true);
  const join = h.lobby()!.message.buttons![0]![0]!.actionId;
  for (const m of ["a", "b", "c", "d"]) await h.click(m, join);
  await h.advance(1 * MIN);
  return h;
}

const videoButton = (space: FakeSpace) => space.messages[0]?.buttons?.flat().find((b) => b.url);

describe("video links in intros", () => {
  it("gives every group its own unguessable room, new each round", async () => {
    const h = await sessionWithVideo(TEMPLATE);
    const round1 = h.platform.spacesOfRound(1);
    await h.advance(3 * MIN);
    const round2 = h.platform.spacesOfRound(2);
    const links = [...round1, ...round2].map((s) => videoButton(s));
    expect(links.every((b) => b?.label === "Join the video room")).toBe(true);
    const urls = links.map((b) => b?.url ?? "");
    expect(new Set(urls).size).toBe(4);
    for (const url of urls) expect(url).toMatch(/^https:\/\/meet\.jit\.si\/guild-1-[0-9a-f]{20}-r[12]g[12]$/);
    // The random code is the session's, and appears in nothing members or the channel can read.
    const code = /guild-1-([0-9a-f]{20})-/.exec(urls[0] ?? "")?.[1] ?? "";
    const lobby = h.lobby()!;
    expect(JSON.stringify([lobby.message, lobby.edits])).not.toContain(code);
    expect(round1[0]?.messages[0]?.text).toContain("Your group has its own video room");
  });

  it("hands out fixed links by group number; groups beyond the list get none", async () => {
    const h = await sessionWithVideo("https://zoom.us/j/111");
    const spaces = h.platform.spacesOfRound(1);
    expect(spaces.map((s) => videoButton(s)?.url ?? "none").sort()).toEqual(["https://zoom.us/j/111", "none"]);
  });

  it("leaves intros as they were without the setting, and after it is turned off", async () => {
    const h = await sessionWithVideo(TEMPLATE);
    expect(replyText(await h.command("org", "config", { video_link: "off" }, true))).toContain("no longer carry");
    const settings = await h.command("org", "config", {}, true);
    expect(replyText(settings)).toContain("Video link: none");
    const plain = createHarness();
    await plain.command("org", "start", { rounds: 1, minutes: 3, lobby_minutes: 1 }, true);
    const join = plain.lobby()!.message.buttons![0]![0]!.actionId;
    for (const m of ["a", "b"]) await plain.click(m, join);
    await plain.advance(1 * MIN);
    expect(plain.platform.spaces[0]?.messages[0]?.buttons).toBeUndefined();
  });

  it("answers a bad value with the reason and an example", async () => {
    const h = createHarness();
    const bad = replyText(await h.command("org", "config", { video_link: "https://meet.jit.si/{group}" }, true));
    expect(bad).toContain("video_link needs {session} and {group}");
    expect(bad).toContain("https://meet.jit.si/{community}-{session}-{group}");
    expect(replyText(await h.command("org", "config", {}, true))).toContain("Video link: none");
  });
});
