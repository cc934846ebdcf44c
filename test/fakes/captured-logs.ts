import { Writable } from "node:stream";
import type { Logger } from "../../src/logger.ts";
import { createPinoLogger } from "../../src/ops/pino-logger.ts";

/** The production (pino, JSON lines) logger at debug level, writing into memory for tests to read. */
export function captureLogs(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      lines.push(...String(chunk).split("\n").filter(Boolean));
      done();
    },
  });
  return { logger: createPinoLogger({ level: "debug", format: "json", destination }), lines };
}
