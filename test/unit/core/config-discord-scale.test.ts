import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config.ts";

const base = { DISCORD_TOKEN: "t", DISCORD_APP_ID: "1" };
const key = "ab".repeat(32);

describe("Discord sharding and interactions endpoint settings", () => {
  it("runs one shard by default, all shards of a count, the given ids, or auto", () => {
    expect(loadConfig(base).discord?.shards).toBeUndefined();
    expect(loadConfig({ ...base, DISCORD_SHARD_COUNT: "3" }).discord?.shards).toEqual({ ids: [0, 1, 2], count: 3 });
    expect(loadConfig({ ...base, DISCORD_SHARD_COUNT: "4", DISCORD_SHARD_IDS: "1, 3" }).discord?.shards).toEqual({
      ids: [1, 3],
      count: 4,
    });
    expect(loadConfig({ ...base, DISCORD_SHARD_COUNT: "auto" }).discord?.shards).toBe("auto");
  });

  it("refuses shard ids without a count, ids past the count, and a bad count", () => {
    expect(() => loadConfig({ ...base, DISCORD_SHARD_IDS: "0" })).toThrow(/DISCORD_SHARD_COUNT: required as a number/);
    expect(() => loadConfig({ ...base, DISCORD_SHARD_IDS: "0,2", DISCORD_SHARD_COUNT: "2" })).toThrow(
      /DISCORD_SHARD_IDS: each id must be below DISCORD_SHARD_COUNT \(2\)/,
    );
    expect(() => loadConfig({ ...base, DISCORD_SHARD_COUNT: "0" })).toThrow(/DISCORD_SHARD_COUNT: expected the total/);
  });

  it("serves the interactions endpoint only with a well-formed public key, at /discord/interactions by default", () => {
    expect(loadConfig({ ...base, DISCORD_PUBLIC_KEY: key }).discord?.interactionsEndpoint).toEqual({
      publicKey: key,
      path: "/discord/interactions",
    });
    expect(
      loadConfig({ ...base, DISCORD_PUBLIC_KEY: key, DISCORD_INTERACTIONS_PATH: "/i" }).discord?.interactionsEndpoint
        ?.path,
    ).toBe("/i");
    expect(() => loadConfig({ ...base, DISCORD_PUBLIC_KEY: "xyz" })).toThrow(/DISCORD_PUBLIC_KEY: expected/);
  });
});
