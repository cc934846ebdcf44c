/** Discord's epoch (2015-01-01), the base of every snowflake's timestamp. */
const DISCORD_EPOCH = 1_420_070_400_000n;

/**
 * Generates real-looking snowflakes (17–19 digits). discord.js derives rate-limit major parameters from ids with a
 * `\d{17,19}` pattern, so short fake ids would silently merge every channel into one bucket.
 */
export class SnowflakeGenerator {
  #increment = 0n;

  next(now: number = Date.now()): string {
    this.#increment = (this.#increment + 1n) & 0xfffn;
    return (((BigInt(now) - DISCORD_EPOCH) << 22n) | (1n << 17n) | this.#increment).toString();
  }
}
