import { describe, expect, it } from "vitest";
import { VOICE_TOGETHER_MIN_SECONDS } from "../../../src/domain/conversation.ts";
import { voiceTime } from "../../../src/session/voice.ts";
import { groupOutcome } from "../../../src/stats/history.ts";

const S = 1_000;

describe("time in a voice room", () => {
  it("counts together only while two or more members are in the room", () => {
    const { togetherMs, perMemberMs } = voiceTime(
      [
        { userId: "a", at: 0, in: true },
        { userId: "b", at: 30 * S, in: true },
        { userId: "a", at: 90 * S, in: false },
        { userId: "a", at: 100 * S, in: true },
      ],
      180 * S,
    );
    expect(togetherMs).toBe(60 * S + 80 * S);
    expect(perMemberMs.get("a")).toBe(90 * S + 80 * S);
    expect(perMemberMs.get("b")).toBe(150 * S);
  });

  it("sorts entries that arrived out of order, and stops at the round's end", () => {
    const { togetherMs } = voiceTime(
      [
        { userId: "b", at: 10 * S, in: true },
        { userId: "a", at: 0, in: true },
      ],
      70 * S,
    );
    expect(togetherMs).toBe(60 * S);
  });

  it("is zero for an empty room or a member alone", () => {
    expect(voiceTime([], 60 * S).togetherMs).toBe(0);
    expect(voiceTime([{ userId: "a", at: 0, in: true }], 60 * S).togetherMs).toBe(0);
  });
});

describe("a voice room's outcome", () => {
  const counts = { a: 0, b: 0 };
  it("is a conversation when members were together for the minimum time, even without a message", () => {
    expect(groupOutcome({ failed: false, counts, voiceSeconds: VOICE_TOGETHER_MIN_SECONDS })).toBe("conversation");
  });
  it("is a no-show when they were together for less", () => {
    expect(groupOutcome({ failed: false, counts, voiceSeconds: VOICE_TOGETHER_MIN_SECONDS - 1 })).toBe("no-show");
  });
});
