import { describe, expect, it } from "vitest";
import { helpText, parseCommandText } from "../../../adapters/shared/command-text.ts";
import { commands } from "../../../commands/index.ts";

describe("/quickmeet help", () => {
  it("shows one command, its options and an example for `help start`", () => {
    const help = helpText(commands, "start");
    expect(help).toContain("/quickmeet start");
    expect(help).toContain("`rounds:number`");
    expect(help).toContain("`/quickmeet start rounds:3 minutes:5 lobby_minutes:2`");
    for (const other of commands.filter((c) => c.name !== "start"))
      expect(help).not.toContain(`\`/quickmeet ${other.name}\``);
  });

  it("states each range once", () => {
    const help = helpText(commands);
    expect(help).toContain("`rounds:number` (1–20) Number of rounds");
    expect(help).not.toMatch(/\(\d+–\d+\)[^\n]*\(\d+-\d+\)/);
  });

  it("says so when the topic is not a command, then lists them all", () => {
    const help = helpText(commands, "launch");
    expect(help).toContain("There's no `/quickmeet launch`");
    for (const c of commands) expect(help).toContain(`\`/quickmeet ${c.name}\``);
  });

  it("gives every command an example that parses and passes its own option schema", () => {
    for (const command of commands) {
      expect(command.examples.length, command.name).toBeGreaterThan(0);
      for (const example of command.examples) {
        // `@alex` is what a person types; Slack delivers it as an escaped mention.
        const exact = parseCommandText(example.replace(/@(\w+)/g, "<@UABC>"), commands);
        expect(exact.kind, example).toBe("command");
        if (exact.kind !== "command") continue;
        const result = command.options.safeParse(exact.rawOptions);
        expect(result.success, `${example}: ${result.error?.message}`).toBe(true);
      }
    }
  });
});
