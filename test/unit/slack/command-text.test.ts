import { describe, expect, it } from "vitest";
import { z } from "zod";
import { helpText, parseCommandText, tokenize } from "../../../adapters/shared/command-text.ts";
import type { CommandDefinition } from "../../../commands/types.ts";

const fake = (name: string, optionDocs: CommandDefinition["optionDocs"], access: "member" | "organizer" = "member") =>
  ({
    name,
    description: `${name} things`,
    options: z.object({}),
    optionDocs,
    access,
    run: async () => ({ kind: "duplicate" }),
  }) as unknown as CommandDefinition;

const commands = [
  fake(
    "start",
    {
      rounds: { description: "Rounds", type: "integer", min: 1, max: 20 },
      title: { description: "Title", type: "string" },
    },
    "organizer",
  ),
  fake("block", { member: { description: "Who", type: "user" }, undo: { description: "Undo", type: "boolean" } }),
];

describe("/quickmeet text", () => {
  it("keeps quoted values together, straight or curly quotes", () => {
    expect(tokenize('start title:"Spring mixer" x:“a b”')).toEqual(["start", "title:Spring mixer", "x:a b"]);
  });

  it("parses key:value and key=value into raw options typed by the option docs", () => {
    expect(parseCommandText('start rounds:3 title="Spring mixer"', commands)).toEqual({
      kind: "command",
      name: "start",
      rawOptions: { rounds: 3, title: "Spring mixer" },
    });
  });

  it("leaves a non-number for the zod schema to explain", () => {
    expect(parseCommandText("start rounds:three", commands)).toMatchObject({ rawOptions: { rounds: "three" } });
  });

  it("reads escaped mentions as user ids, also as the lone argument of a one-user command", () => {
    expect(parseCommandText("block member:<@U123ABC|alex> undo:yes", commands)).toMatchObject({
      rawOptions: { member: "U123ABC", undo: true },
    });
    expect(parseCommandText("block <@U999|sam>", commands)).toMatchObject({ rawOptions: { member: "U999" } });
  });

  it("says what went wrong for unknown commands and options", () => {
    expect(parseCommandText("launch", commands)).toMatchObject({ kind: "error" });
    const bad = parseCommandText("start colour:red", commands);
    expect(bad.kind === "error" && bad.message).toContain("`rounds`");
  });

  it("treats an empty command and `help` as help, listing commands and options from the one command list", () => {
    expect(parseCommandText("", commands)).toEqual({ kind: "help" });
    const help = helpText(commands);
    expect(help).toContain("/quickmeet start");
    expect(help).toContain("_(organizers)_");
    expect(help).toContain("`rounds:number` (1–20)");
    expect(help).toContain("`member:@member`");
  });
});
