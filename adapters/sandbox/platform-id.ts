import type { PlatformId } from "../../src/domain/types.ts";

// Registers this adapter's id with the core's open PlatformId (the core names no platform).
declare module "../../src/domain/types.ts" {
  interface PlatformIds {
    sandbox: true;
  }
}

/** The id records and store keys carry for this platform. */
export const PLATFORM_ID: PlatformId = "sandbox";
