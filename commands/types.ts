// The command shape is declared in the core (src/command-definition.ts), which serves commands without importing them.
export type { Access, CommandDefinition, OptionDoc } from "../src/command-definition.ts";
