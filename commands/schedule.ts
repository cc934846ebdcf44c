import { z } from "zod";
import { privateReply } from "../src/command-definition.ts";
import { createSchedule, deleteSchedule, listSchedules, pauseSchedule } from "../src/schedule/manage.ts";
import { defineCommand } from "./define.ts";
import { sessionOptionDocs, sessionOptionSchemas, wholeNumber } from "./options.ts";

const ACTIONS = ["create", "list", "pause", "resume", "delete"] as const;
const int = wholeNumber;

const options = z.object({
  action: z.enum(ACTIONS, { message: `action must be one of ${ACTIONS.join(", ")}` }),
  cadence: z
    .string()
    .trim()
    .min(1, 'cadence needs a value, e.g. "every monday 10:00" or a 5-field cron expression')
    .max(100, "cadence is at most 100 characters")
    .optional(),
  timezone: z
    .string()
    .trim()
    .min(1, "timezone needs a value: an IANA zone such as America/New_York")
    .max(64, "timezone is at most 64 characters: an IANA zone such as America/New_York")
    .optional(),
  kind: z.enum(["live", "async"], { message: "kind must be live or async" }).optional(),
  days: int("days", 1, 28).optional(),
  heads_up_hours: int("heads_up_hours", 1, 168).optional(),
  inactive_after: int("inactive_after", 1, 10).optional(),
  id: z
    .string()
    .trim()
    .min(1, "id needs a value: the schedule's id from `/quickmeet schedule action:list`")
    .max(32, "id is at most 32 characters: the schedule's id from `/quickmeet schedule action:list`")
    .optional(),
  ...sessionOptionSchemas,
});

/** `/quickmeet schedule`: recurring Quick Meets per channel (Discord allows one level under /quickmeet, so `action`). */
export const schedule = defineCommand({
  name: "schedule",
  description: "Recurring Quick Meets in this channel: create, list, pause, resume or delete a schedule",
  options,
  optionDocs: {
    action: { description: "What to do", type: "string", choices: ACTIONS },
    cadence: {
      description: 'e.g. "every monday 10:00", "first tuesday of the month 18:00", "every 2 weeks on friday 16:00"',
      type: "string",
    },
    timezone: { description: "IANA time zone, e.g. America/New_York or Europe/Berlin", type: "string" },
    kind: {
      description: "async (pairs get some days; default) or live (a session starts itself)",
      type: "string",
      choices: ["async", "live"],
    },
    days: { description: "Async: days each pair has to meet (1-28, default 7)", type: "integer", min: 1, max: 28 },
    heads_up_hours: {
      description: 'Post a heads-up with "Skip this one" this many hours before (1-168)',
      type: "integer",
      min: 1,
      max: 168,
    },
    inactive_after: {
      description: "Async: silent meets in a row before a member is asked to opt in again (1-10, default 2)",
      type: "integer",
      min: 1,
      max: 10,
    },
    id: { description: "Which schedule (for pause, resume, delete); see action:list", type: "string" },
    ...sessionOptionDocs,
  },
  access: "organizer",
  examples: [
    'schedule action:create cadence:"every monday 10:00" timezone:America/New_York',
    'schedule action:create kind:live cadence:"first tuesday of the month 18:00" timezone:Europe/Berlin rounds:3',
    "schedule action:list",
  ],
  async run(ctx, o) {
    const { engine, invocation: inv } = ctx;
    switch (o.action) {
      case "create":
        return privateReply(
          await createSchedule(engine, inv, {
            cadence: o.cadence,
            timezone: o.timezone,
            kind: o.kind,
            days: o.days,
            headsUpHours: o.heads_up_hours,
            inactiveAfter: o.inactive_after,
            groupSize: o.group_size,
            session: {
              ...(o.rounds !== undefined ? { rounds: o.rounds } : {}),
              ...(o.minutes !== undefined ? { minutesPerRound: o.minutes } : {}),
              ...(o.lobby_minutes !== undefined ? { lobbyMinutes: o.lobby_minutes } : {}),
              ...(o.break_seconds !== undefined ? { breakSeconds: o.break_seconds } : {}),
              ...(o.mode !== undefined ? { mode: o.mode } : {}),
            },
          }),
        );
      case "list":
        return privateReply(await listSchedules(engine, inv));
      case "pause":
      case "resume":
        return privateReply(await pauseSchedule(engine, inv, o.id, o.action === "pause"));
      case "delete":
        return privateReply(await deleteSchedule(engine, inv, o.id));
    }
  },
});
