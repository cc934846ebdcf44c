import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Invocation, Reply } from "../../../src/platform/inbound.ts";
import { keys } from "../../../src/store/keys.ts";
import type { KeyvStore } from "../../../src/store/keyv-store.ts";
import { createSqliteStore } from "../../../src/store/sqlite.ts";
import { createHarness, type Harness } from "../../fakes/harness.ts";
import { createSchedule } from "../schedule/helpers.ts";

const MIN = 60_000;
const HOUR = 60 * MIN;
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** The member who asks to be forgotten, with words nobody else uses. */
const ZEB = { id: "U0ZEBULON7", name: "Zebulon Quist" };
const ZEB_WORDS = ["beekeeping", "xylophones", "glassblowing", "Tromsoville", "flaming torches in Reykjavik"];
const OTHERS = [
  { id: "U0AMARA001", name: "Amara Okafor" },
  { id: "U0JAMAL002", name: "Jamal Wright" },
  { id: "U0PRIYA003", name: "Priya Raman" },
];

function as(h: Harness, person: { id: string; name: string }, isAdmin = false): Invocation {
  const inv = h.inv(person.id, isAdmin);
  return { ...inv, actor: { ...inv.actor, displayName: person.name } };
}

/** Every byte the store keeps on disk: the database file and its write-ahead log. */
function storeBytes(file: string): Buffer {
  return Buffer.concat([file, `${file}-wal`].filter(existsSync).map((f) => readFileSync(f)));
}

/** Rows in the file (expired ones included), asked through the store: it holds the file's lock. */
async function countRows(store: KeyvStore, prefix: string): Promise<number> {
  return (await store.storedKeysWithPrefix(prefix)).length;
}

const attachments = (reply: Reply) => (reply.kind === "message" ? (reply.message.attachments ?? []) : []);

describe("forget-me leaves no trace", () => {
  it("after it and the compaction, neither the store file nor any export holds the member's id, name or profile words", async () => {
    const dir = mkdtempSync(join(tmpdir(), "quickmeet-forget-"));
    dirs.push(dir);
    const file = join(dir, "quickmeet.sqlite");
    const store = createSqliteStore(file);
    const h = createHarness({ store });
    const org = { id: "U0ORGANIZ9", name: "Olive Organizer" };
    await h.bot.start();

    await h.bot.runCommand(as(h, ZEB), "profile", {
      interests: "beekeeping, xylophones, podcasts",
      field: "glassblowing",
      city: "Tromsoville",
      looking_for: "mentor",
      fun_fact: "I once juggled flaming torches in Reykjavik",
    });
    for (const o of OTHERS)
      await h.bot.runCommand(as(h, o), "profile", { interests: "podcasts, hiking", looking_for: "mentee" });
    // Someone blocks Zebulon; Zebulon opts into the channel's async pool.
    await h.bot.runCommand(as(h, OTHERS[2]!), "block", { member: ZEB.id });
    await createSchedule(h, { cadence: "every monday 10:00", timezone: "UTC" });
    await h.bot.runCommand(as(h, ZEB), "opt", { action: "in" });

    await h.bot.runCommand(as(h, org, true), "start", { rounds: 1, minutes: 3, lobby_minutes: 1 });
    const joinId = h.lobby()!.message.buttons![0]![0]!.actionId;
    for (const p of [ZEB, ...OTHERS]) await h.bot.handleAction(as(h, p), joinId);
    await h.advance(1 * MIN);
    const zebSpace = h.platform.spaces.find((s) => s.members.includes(ZEB.id))!;
    for (const m of zebSpace.members) await h.bot.recordSpaceMessage("fake", h.community, zebSpace.spaceId, m);
    await h.advance(3 * MIN);
    const closing = zebSpace.messages.at(-1)!;
    for (const m of zebSpace.members) {
      const who = [ZEB, ...OTHERS].find((p) => p.id === m)!;
      await h.bot.handleAction(as(h, who), closing.buttons![0]![0]!.actionId);
      await h.bot.handleAction(as(h, who), closing.buttons![1]![0]!.actionId);
    }
    await h.advance(5 * MIN);
    // Before: the store does name Zebulon (the test would prove nothing otherwise).
    expect(storeBytes(file).includes(ZEB.id)).toBe(true);
    expect(storeBytes(file).includes("Reykjavik")).toBe(true);

    await h.bot.runCommand(as(h, ZEB), "forget-me", { confirm: true });
    await h.advance(0); // the compaction forget-me asks for runs at once

    const onDisk = storeBytes(file);
    for (const trace of [ZEB.id, ZEB.name, "Zebulon", ...ZEB_WORDS])
      expect(onDisk.includes(trace), `store file holds "${trace}"`).toBe(false);
    const stats = await h.bot.runCommand(as(h, org, true), "stats", { period: "all", names: true });
    const files = attachments(stats);
    expect(files.length).toBeGreaterThan(0);
    for (const f of files)
      for (const trace of [ZEB.id, ZEB.name, ...ZEB_WORDS])
        expect(Buffer.from(f.data).includes(trace), `${f.name} holds "${trace}"`).toBe(false);
    // The others are still there, and the figures still count the forgotten member's conversation.
    expect(onDisk.includes(OTHERS[0]!.id)).toBe(true);
    const text = stats.kind === "message" ? (stats.message.fields ?? []).map((f) => `${f.label}: ${f.value}`) : [];
    expect(text.join("\n")).toContain("4 unique");
    await store.close();
  });

  it("purges expired rows from the file on schedule (seen: ids do not grow without limit)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "quickmeet-purge-"));
    dirs.push(dir);
    const file = join(dir, "quickmeet.sqlite");
    const store = createSqliteStore(file);
    const h = createHarness({ store });
    await h.bot.start();
    for (let i = 0; i < 100; i++) await store.set(keys.seenEvent("fake", `event-${i}`), i, 1);
    await new Promise((r) => setTimeout(r, 20));
    expect(await countRows(store, "seen:")).toBe(100);
    await h.advance(1 * HOUR);
    expect(await countRows(store, "seen:")).toBe(0);
    await store.close();
  });
});
