import { afterEach, describe, expect, it } from "vitest";
import { ORGANIZER_ID } from "../../../adapters/sandbox/index.ts";
import type { WorldSpace } from "../../../adapters/sandbox/world.ts";
import { type SandboxFixture, startSandbox } from "../sandbox/sandbox-fixture.ts";
import { parseCsv } from "./png.ts";

/**
 * A scripted sandbox session, played through the page's API as people would, then `/quickmeet stats` compared with
 * what a person counting by hand gets. Who meets whom is the pairing engine's choice, so the script acts on what it
 * sees ("the pair that talks", "the silent pair") and the hand count never depends on who that is.
 */
describe("stats of a scripted sandbox session, counted by hand", () => {
  let f: SandboxFixture | undefined;
  afterEach(async () => {
    await f?.stop();
    f = undefined;
  });

  it("match the hand count: a cancelled lobby, a leave, forget-me and re-join, no-shows, one connection", async () => {
    f = await startSandbox({ autoplay: false });
    const s = f;
    const general = () => s.world.channels.get("C0GENERAL")!.messages;
    const lobby = () => general().at(-1)!;
    const join = async (who: string) => {
      const l = lobby();
      const id = l.message.buttons?.[0]?.[0]?.actionId ?? "";
      expect((await s.post("/api/action", who, { messageId: l.id, actionId: id })).status).toBe(200);
    };
    // Spaces in order of opening; a round's spaces stay open a while after it for the answers, so rounds are told
    // apart by how many spaces exist and whether their closing message ("time's up", with buttons) is posted.
    const spaces = () => [...s.world.spaces.values()];
    const write = (space: WorldSpace, who: string, times: number) =>
      Promise.all(
        Array.from({ length: times }, (_, i) =>
          s.post(`/api/spaces/${space.id}/messages`, who, { text: `message ${i + 1}` }),
        ),
      );
    const closing = (space: WorldSpace) => space.messages.findLast((m) => (m.message.buttons?.length ?? 0) > 1)!;
    const over = (space: WorldSpace) => closing(space) !== undefined;
    const click = (space: WorldSpace, who: string, row: number, col: number) => {
      const m = closing(space);
      return s.post("/api/action", who, { messageId: m.id, actionId: m.message.buttons?.[row]?.[col]?.actionId ?? "" });
    };
    /** Fast-forwards deadline by deadline until `done()` (the sandbox's own "skip the wait" button). */
    const until = async (done: () => boolean) => {
      for (let i = 0; i < 12 && !done(); i++) await s.fastForward();
      expect(done()).toBe(true);
    };

    // 1. A cancelled lobby: started, Amara joins, ended before round 1.
    await s.command(ORGANIZER_ID, "/quickmeet start rounds:1 minutes:2 lobby_minutes:5");
    await join("UAMARA");
    await s.command(ORGANIZER_ID, "/quickmeet end");
    expect(lobby().message.text).toContain("cancelled before it started");

    // 2. Session 1, two rounds: Amara, Ben, Grace and Diego.
    await s.command(ORGANIZER_ID, "/quickmeet start rounds:2 minutes:2 lobby_minutes:1 break_seconds:30");
    for (const who of ["UAMARA", "UBEN", "UGRACE", "UDIEGO"]) await join(who);
    await until(() => spaces().length === 2);
    const [talk, silent] = spaces() as [WorldSpace, WorldSpace];
    const [t1, t2] = talk.members as [string, string];
    const [quiet, leaver] = silent.members as [string, string];
    await write(talk, t1, 2); // the pair that talks: 2 + 1 messages
    await write(talk, t2, 1);
    await write(silent, quiet, 1); // the silent pair: one message from one of them, a no-show
    await until(() => over(talk) && over(silent));
    await click(talk, t1, 0, 0); // feedback: great
    await click(talk, t2, 0, 0);
    await click(talk, t1, 1, 0); // stay in touch: yes, both: the one mutual connection
    await click(talk, t2, 1, 0);
    await click(silent, quiet, 1, 1); // stay in touch: no
    await s.command(leaver, "/quickmeet leave"); // leaves in the break
    // Round 2: the three left form one trio (the talking pair meets again: a repeat); nobody writes.
    await until(() => spaces().length === 3);
    const trio = spaces()[2]!;
    expect(trio.members.sort()).toEqual([t1, t2, quiet].sort());
    await until(() => over(trio) && lobby().message.title === "Quick Meet: ended");

    // 3. The leaver deletes their data, then joins session 2 with the talking pair under their own id again.
    await s.command(leaver, "/quickmeet forget-me confirm:true");
    await s.command(ORGANIZER_ID, "/quickmeet start rounds:1 minutes:2 lobby_minutes:1");
    for (const who of [leaver, t1, t2]) await join(who);
    await until(() => spaces().length === 4);
    const again = spaces()[3]!;
    await write(again, leaver, 1); // two of three write: a conversation
    await write(again, t1, 1);
    await until(() => over(again) && lobby().message.title === "Quick Meet: ended");

    await s.command(ORGANIZER_ID, "/quickmeet stats period:7d names:true");
    const reply = (await s.state(ORGANIZER_ID)).private.findLast((m) => m.title === "Quick Meet stats")!;
    const field = (label: string) => reply.fields.find((x) => x.label === label)?.value;

    // The hand count:
    // Sessions: two held (3 rounds: 2 + 1); the first lobby was ended with nobody grouped: cancelled.
    expect(field("Sessions")).toBe("2 sessions held, 3 rounds · 1 cancelled before it started");
    // People: session 1 had 4 ids; the leaver's became an anonymous id at forget-me, and they came back under
    // their own id in session 2, so 5 ids in all (one person counted twice, as the reply explains); all new in 7 days;
    // all 5 were in a group (Amara's join of the cancelled lobby makes her nothing more).
    expect(field("Participants")).toBe("5 unique: 5 new, 0 returning · 5 in a group");
    expect(reply.text).toContain("1 participant deleted their data");
    // Participation: the 4 people we can still tell apart (the anonymous id left out) of the sandbox's 13 members.
    expect(field("Participation")).toBe("<#C0GENERAL>: 4 of 13 members (31%)");
    // Groups: round 1 two pairs, round 2 one trio, session 2 one trio = 4. Talked: the first pair and session 2's
    // trio = 2. No-shows: the silent pair (one writer) and round 2's trio (nobody wrote) = 2.
    expect(field("Conversations")).toBe("2 of 4 groups really talked (50%) · 2 no-shows");
    // Messages: 2 + 1 in the first pair, 1 in the silent pair, 0 in the trio, 1 + 1 in session 2 = 6 over 4 groups.
    expect(field("Messages")).toBe("1.5 per group on average (6 in 4 groups)");
    expect(field("Feedback")).toBe("great 2 · ok 0 · not great 0 · report 0 (2 answers)");
    // Stay in touch: the talking pair's two yes, the silent member's one no; one pair both said yes.
    expect(field("Stay in touch")).toBe("2 yes · 1 no (one answer per person per group) → 1 mutual connection");
    // Pairs: 2 in round 1, 3 in round 2's trio, 3 in session 2's trio = 8. Met before: the talking pair in round 2,
    // and again in session 2 = 2 (the leaver's past is under the anonymous id, so their pairs are new).
    expect(field("Repeat pairs")).toBe("2 of 8 pairs had met before (25%)");

    // The member CSV: four named rows (the anonymous id has none); session counts are held sessions only.
    const files = (await s.state(ORGANIZER_ID)).private.flatMap((m) => m.attachments ?? []);
    const members = files.findLast((a) => a.name === "quickmeet-members-7d.csv");
    expect(members).toBeDefined();
    const rows = parseCsv(Buffer.from(members!.dataUrl.split(",")[1] ?? "", "base64").toString("utf8"));
    const col = (name: string) => rows[0]!.indexOf(name);
    const sessionsOf = Object.fromEntries(rows.slice(1).map((r) => [r[col("user_id")], r[col("sessions")]]));
    expect(sessionsOf).toEqual({ [t1]: "2", [t2]: "2", [quiet]: "1", [leaver]: "1" });
  });
});
