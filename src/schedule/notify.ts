import type { Schedule } from "../domain/schedule.ts";
import { type EngineParts, tellPrivately } from "../engine-parts.ts";
import type { RichMessage } from "../platform/port.ts";

/** Tells the schedule's creator and every configured organizer, privately. */
export async function tellScheduleOrganizers(
  ctx: Pick<EngineParts, "community" | "logger" | "platform">,
  schedule: Schedule,
  message: RichMessage,
): Promise<void> {
  const settings = await ctx.community.settings(schedule.platform, schedule.communityId);
  const organizers = [...new Set([schedule.createdBy, ...settings.organizerUserIds])];
  await Promise.all(organizers.map((id) => tellPrivately(ctx, schedule, id, message)));
}
