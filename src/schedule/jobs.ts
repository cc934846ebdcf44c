/** Job kinds of recurring Quick Meets, run by the core's JobScheduler (stored deadlines, armed on the injected clock). */
export const SCHEDULE_JOB = {
  /** One slot of a schedule: data `{ scheduleId, slot }`. */
  slot: "schedule-slot",
  /** The heads-up before a slot: data `{ scheduleId, slot }`. */
  headsUp: "schedule-heads-up",
  /** An async meet's mid-point check-in: data `{ meetId }`. */
  checkIn: "meet-check-in",
  /** An async meet's end: data `{ meetId }`. */
  end: "meet-end",
  /** An async meet's spaces closed once the answer window after the end is over: data `{ meetId }`. */
  spacesClose: "meet-spaces-close",
} as const;

export const slotJobId = (scheduleId: string, slot: number) => `schedule:${scheduleId}:slot:${slot}`;
export const headsUpJobId = (scheduleId: string, slot: number) => `schedule:${scheduleId}:heads-up:${slot}`;
export const meetJobId = (meetId: string, kind: string) => `meet:${meetId}:${kind}`;
