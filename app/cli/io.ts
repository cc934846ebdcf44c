/** Where a CLI command writes; tests pass string collectors. */
export interface CliIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
}

/** Exit code for bad input (a message names the field and the problem). */
export const EXIT_BAD_INPUT = 2;
