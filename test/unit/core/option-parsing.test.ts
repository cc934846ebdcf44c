import { describe, expect, it } from "vitest";
import { parseCommandText } from "../../../adapters/shared/command-text.ts";
import { commands } from "../../../commands/index.ts";
import { createHarness, replyText } from "../../fakes/harness.ts";

/** Parses `/quickmeet <text>` as Slack and the sandbox do, then runs it as an organizer; returns what they'd read. */
async function typed(text: string): Promise<string> {
  const h = createHarness();
  const parsed = parseCommandText(text, commands);
  if (parsed.kind === "error") return parsed.message;
  if (parsed.kind === "help") return "<help>";
  return replyText(await h.command("org", parsed.name, parsed.rawOptions, true));
}

describe("typed options", () => {
  it("refuses an option given twice instead of silently taking the last", async () => {
    const reply = await typed("start rounds:3 rounds:5");
    expect(reply).toContain("`rounds` is given twice");
    expect(reply).toContain("1 to 20");
  });

  it("refuses an empty value instead of silently taking the default", async () => {
    const reply = await typed("start rounds: minutes:5");
    expect(reply).toContain("`rounds` has no value");
    expect(reply).toContain("a whole number from 1 to 20");
  });

  it("refuses numbers that are not plain decimals (0x3, 3e0, 3.0)", async () => {
    for (const value of ["0x3", "3e0", "3.5", "0b11"]) {
      const reply = await typed(`start rounds:${value}`);
      expect(reply, value).toContain("rounds must be a whole number from 1 to 20");
      expect(reply, value).not.toContain("Quick Meet started");
    }
    expect(await typed("start rounds:3")).toContain("Quick Meet started: 3 rounds");
  });

  it("looks options up as own properties only: constructor, __proto__ and toString are unknown options", async () => {
    for (const name of ["constructor", "__proto__", "toString", "hasOwnProperty"]) {
      const reply = await typed(`start ${name}:1`);
      expect(reply, name).toContain(`has no option \`${name.toLowerCase()}\``);
    }
  });

  it("names the option and the allowed values in every refusal, in our words rather than zod's", async () => {
    const groupSize = await typed("start group_size:abc");
    expect(groupSize).toContain("group_size must be 2 (pairs, a trio when the count is odd) or 3 (trios)");
    expect(groupSize).not.toMatch(/expected|NaN|received/i);
    expect(await typed("start group_size:4")).toContain("group_size must be 2");
    expect(await typed("start minutes:1")).toContain("minutes must be a whole number from 2 to 60");
    expect(await typed("pause days:0x10")).toContain("days must be a whole number from 1 to 365");
    expect(await typed("block member:<@U123> undo:maybe")).toMatch(/`undo` takes yes or no/);
  });

  it("still lets a quoted empty value clear a profile field from the command line", async () => {
    const h = createHarness();
    await h.command("a", "profile", { city: "Porto" });
    const parsed = parseCommandText('profile city:""', commands);
    expect(parsed).toEqual({ kind: "command", name: "profile", rawOptions: { city: "" } });
    if (parsed.kind !== "command") return;
    await h.command("a", "profile", parsed.rawOptions);
    expect((await h.bot.engine.community.profile("fake", h.community, "a"))?.city).toBeUndefined();
  });

  it("words every schema refusal of every option itself, naming the option (never zod's default text)", () => {
    const zodWords = /expected|received|Too small|Too big|Invalid input/i;
    const found: string[] = [];
    for (const c of commands) {
      for (const key of Object.keys(c.optionDocs)) {
        for (const bad of ["", "abc", "0x3", "-1", "x".repeat(5000)]) {
          const base = c.name === "schedule" && key !== "action" ? { action: "create" } : {};
          const result = c.options.safeParse({ ...base, [key]: bad });
          for (const issue of result.success ? [] : result.error.issues) {
            if (String(issue.path[0]) !== key) continue;
            if (zodWords.test(issue.message) || !issue.message.includes(key))
              found.push(`${c.name} ${key}=${JSON.stringify(bad.slice(0, 8))}: ${issue.message}`);
          }
        }
      }
    }
    expect(found).toEqual([]);
  });
});
