import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
    // expect.poll waits for what a user would see "soon" (a reply, a post); 1 s (vitest's default) is shorter than a
    // busy 2-core machine running the whole suite sometimes needs, and a real failure still fails after 5 s.
    expect: { poll: { timeout: 5_000 } },
  },
});
