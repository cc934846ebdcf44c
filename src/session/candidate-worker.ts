import { parentPort } from "node:worker_threads";
import { serveCandidateJob } from "./candidate-helper.ts";
import { warmUpCandidates } from "./plan-warmup.ts";

/** Worker-thread side of `createCandidateHelper`: a second thread for the candidate lists of large pools. */
parentPort?.on("message", (job) => serveCandidateJob(job));

// Compile the search before the first real batch.
warmUpCandidates();
parentPort?.postMessage("ready");
