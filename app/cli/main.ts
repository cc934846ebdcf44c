import type { CliIo } from "./io.ts";
import { EXIT_BAD_INPUT } from "./io.ts";

const USAGE = `Usage:
  quickmeet pair  --input pool.json [--rounds R] [--group-size 2|3] [--seed S]
  quickmeet intro --input group.json [--seed S]
`;

/** Entry of `npx quickmeet`; returns the process exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "pair": {
      const { runPairCli } = await import("./pair.ts");
      return runPairCli(rest, io);
    }
    case "intro": {
      const { runIntroCli } = await import("./intro.ts");
      return runIntroCli(rest, io);
    }
    case undefined:
    case "help":
    case "--help":
      io.stdout.write(USAGE);
      return command === undefined ? EXIT_BAD_INPUT : 0;
    default:
      io.stderr.write(`Unknown command "${command}".\n${USAGE}`);
      return EXIT_BAD_INPUT;
  }
}
