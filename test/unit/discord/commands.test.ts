import { ApplicationCommandOptionType } from "discord.js";
import { describe, expect, it } from "vitest";
import { buildSlashCommand } from "../../../adapters/discord/commands.ts";
import { commands } from "../../../commands/index.ts";

describe("the /quickmeet slash command", () => {
  const json = buildSlashCommand(commands);
  const subs = json.options ?? [];

  it("has exactly one subcommand per command definition, with the definition's name and description", () => {
    expect(subs.map((s) => s.name)).toEqual(commands.map((c) => c.name));
    for (const [i, sub] of subs.entries()) {
      expect(sub.type).toBe(ApplicationCommandOptionType.Subcommand);
      expect(sub.description).toBe(commands[i]?.description.slice(0, 100));
    }
  });

  it("turns option docs into typed options with limits and choices, names Discord accepts", () => {
    const start = subs.find((s) => s.name === "start") as unknown as { options: Array<Record<string, unknown>> };
    const rounds = start.options.find((o) => o.name === "rounds");
    expect(rounds).toMatchObject({ type: ApplicationCommandOptionType.Integer, required: false, min_value: 1 });
    const groupSize = start.options.find((o) => o.name === "group_size");
    expect(groupSize?.choices).toEqual([
      { name: "2", value: 2 },
      { name: "3", value: 3 },
    ]);
    for (const sub of subs as Array<{
      name: string;
      description: string;
      options: Array<{ name: string; description: string; required?: boolean }>;
    }>) {
      expect(sub.name).toMatch(/^[-_a-z0-9]{1,32}$/);
      expect(sub.description.length).toBeLessThanOrEqual(100);
      const required = sub.options.map((o) => o.required === true);
      // Discord rejects a required option after an optional one.
      expect(required).toEqual([...required].sort((a, b) => Number(b) - Number(a)));
      for (const o of sub.options) expect(o.name).toMatch(/^[-_a-z0-9]{1,32}$/);
    }
  });

  it("marks an option required exactly when its schema rejects a missing value", () => {
    const block = subs.find((s) => s.name === "block") as
      | { options: Array<{ name: string; required?: boolean }> }
      | undefined;
    const def = commands.find((c) => c.name === "block");
    if (!block || !def) return;
    for (const o of block.options) {
      const schema = (def.options.shape as Record<string, { safeParse(v: unknown): { success: boolean } }>)[o.name];
      expect(o.required).toBe(!schema?.safeParse(undefined).success);
    }
  });
});
