import type { Worker } from "node:worker_threads";
import { candidatesFromShared, type SharedCandidates } from "../common-ground/candidates.ts";
import type { MemberScoring } from "../common-ground/types.ts";
import type { IndexedScoring } from "../pairing/types.ts";
import { spawnSessionWorker } from "./spawn-worker.ts";

/** Members per claimed chunk: small enough to balance two threads, large enough that claiming costs nothing. */
const CHUNK = 512;
/** Batches smaller than this stay on one thread (waking the helper would cost more than it saves). */
const PARALLEL_MIN = 600;
/** A helper that makes no progress for this long is given up (its chunks are redone here). */
const STALL_MS = 2000;

/** One candidate batch, all in shared memory, as the helper receives it. */
export interface CandidateJob {
  shared: SharedCandidates;
  who: Int32Array;
  want: Int32Array;
  stride: number;
  out: Int32Array;
  scores: Float64Array;
  count: Int32Array;
  /** [next unclaimed member, helper busy (0/1), chunks the helper computed] */
  ctrl: Int32Array;
  /** 1 per finished chunk. */
  done: Int32Array;
}

/**
 * Claims chunks of `job` until none is left, computing each with `search`. Both threads run this on the same job;
 * `Atomics.add` hands out each chunk exactly once. The busy flag is raised before claiming, so the thread that
 * ends the batch knows whether a chunk is still being written.
 */
function runChunks(job: CandidateJob, search: Pick<IndexedScoring, "candidatesMany">, helper: boolean): void {
  const total = job.who.length;
  for (;;) {
    if (helper) Atomics.store(job.ctrl, 1, 1);
    const from = Atomics.add(job.ctrl, 0, CHUNK);
    if (from < total) {
      const to = Math.min(total, from + CHUNK);
      search.candidatesMany!(job.who, job.want, job.stride, job.out, job.scores, job.count, from, to);
      Atomics.store(job.done, from / CHUNK, 1);
      if (helper) Atomics.add(job.ctrl, 2, 1);
    }
    if (helper) {
      Atomics.store(job.ctrl, 1, 0);
      Atomics.notify(job.ctrl, 1);
    }
    if (from >= total) return;
  }
}

/**
 * A second thread for candidate lists, the largest part of planning a big pool (100,000 members: ~1.1-1.5 s on one
 * thread, of ~2.5).
 * The common-ground model keeps its arrays in shared memory, so the helper searches the very same model; the
 * planning thread and the helper claim chunks of members from one counter and write into one shared answer.
 * If the helper is slow to start, the planning thread simply takes more chunks; if it stalls, its chunks are redone.
 */
export interface CandidateHelper {
  /** `scoring` with a `candidatesMany` that shares large batches with the helper thread. */
  parallel(scoring: MemberScoring): IndexedScoring;
  /**
   * Resolves once the helper has compiled its search (it helps before that too, just more slowly), or has failed
   * (then every list is computed on the planning thread).
   */
  readonly ready: Promise<void>;
  /** How the last shared batch was split: chunks in all, and how many the helper computed. */
  readonly lastBatch: { chunks: number; byHelper: number } | undefined;
  close(): Promise<void>;
}

export interface CandidateHelperOptions {
  /** Starts the helper thread (default: candidate-worker.ts). */
  spawn?: () => Worker;
  /** A helper that makes no progress for this long is given up and its chunks redone (default 2,000 ms). */
  stallMs?: number;
}

export function createCandidateHelper(options: CandidateHelperOptions = {}): CandidateHelper {
  const spawn = options.spawn ?? (() => spawnSessionWorker("candidate-worker"));
  const stallMs = options.stallMs ?? STALL_MS;
  let failed = false;
  let lastBatch: CandidateHelper["lastBatch"];
  let markReady = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  const start = () => {
    const w = spawn();
    w.unref();
    w.on("message", (message) => {
      if (message === "ready") markReady();
    });
    // A helper that cannot run only costs the speed-up: the planning thread computes every list itself.
    w.on("error", () => {
      failed = true;
      markReady();
    });
    // A helper that ended (other than by `close`) is not restarted: whatever ended it would end the next one too.
    w.on("exit", () => {
      if (worker === w) worker = undefined;
      failed = true;
      markReady();
    });
    return w;
  };
  // Started now, so that it has compiled its search (see candidate-worker.ts) before the first large plan.
  let worker: Worker | undefined = start();

  const parallel = (scoring: MemberScoring): IndexedScoring => ({
    score: (i, j) => scoring.score(i, j),
    candidates: (i, k, out, scores) => scoring.candidates(i, k, out, scores),
    candidatesMany(who, want, stride, out, scores, count, from = 0, to = who.length) {
      const total = to - from;
      if (total < PARALLEL_MIN || failed || !worker) {
        scoring.candidatesMany(who, want, stride, out, scores, count, from, to);
        return;
      }
      const job: CandidateJob = {
        shared: scoring.share(),
        who: sharedCopy(who.subarray(from, to)),
        want: sharedCopy(want.subarray(from, to)),
        stride,
        // The caller's arrays when they are shared memory (the engine's are): both threads write the answer in place.
        out: inShared(out, from * stride, to * stride) ?? new Int32Array(new SharedArrayBuffer(4 * total * stride)),
        scores:
          inShared(scores, from * stride, to * stride) ?? new Float64Array(new SharedArrayBuffer(8 * total * stride)),
        count: inShared(count, from, to) ?? new Int32Array(new SharedArrayBuffer(4 * total)),
        ctrl: new Int32Array(new SharedArrayBuffer(12)),
        done: new Int32Array(new SharedArrayBuffer(4 * Math.ceil(total / CHUNK))),
      };
      worker.postMessage(job);
      runChunks(job, scoring, false);
      // The last chunk the helper claimed may still be in progress.
      let waited = 0;
      while (Atomics.load(job.ctrl, 1) === 1 && waited < stallMs) {
        const t = performance.now();
        Atomics.wait(job.ctrl, 1, 1, 50);
        waited += performance.now() - t;
      }
      if (Atomics.load(job.ctrl, 1) === 1) {
        // Stalled: stop using it, and redo whatever it had not finished.
        failed = true;
        void worker.terminate();
        for (let c = 0; c < job.done.length; c++) {
          if (Atomics.load(job.done, c) === 1) continue;
          scoring.candidatesMany(
            job.who,
            job.want,
            stride,
            job.out,
            job.scores,
            job.count,
            c * CHUNK,
            Math.min(total, (c + 1) * CHUNK),
          );
        }
      }
      lastBatch = { chunks: job.done.length, byHelper: Atomics.load(job.ctrl, 2) };
      if (job.out.buffer !== out.buffer) out.set(job.out, from * stride);
      if (job.scores.buffer !== scores.buffer) scores.set(job.scores, from * stride);
      if (job.count.buffer !== count.buffer) count.set(job.count, from);
    },
  });

  return {
    parallel,
    ready,
    get lastBatch() {
      return lastBatch;
    },
    async close() {
      const w = worker;
      worker = undefined;
      if (w) await w.terminate();
    },
  };
}

/** a[from, to) as a view, when `a` lives in shared memory. */
function inShared<T extends Int32Array | Float64Array>(a: T, from: number, to: number): T | undefined {
  return a.buffer instanceof SharedArrayBuffer ? (a.subarray(from, to) as T) : undefined;
}

function sharedCopy(a: Int32Array): Int32Array {
  const copy = new Int32Array(new SharedArrayBuffer(4 * Math.max(1, a.length)), 0, a.length);
  copy.set(a);
  return copy;
}

/** The helper's side: searches the shared model for each job it is sent. */
export function serveCandidateJob(job: CandidateJob): void {
  runChunks(job, candidatesFromShared(job.shared), true);
}
