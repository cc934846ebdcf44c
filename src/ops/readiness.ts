import type { JobScheduler } from "../jobs/scheduler.ts";
import type { PlatformAdapter } from "../platform/adapter.ts";
import { keys } from "../store/keys.ts";
import type { Store } from "../store/port.ts";

export interface ReadinessDeps {
  store: Store;
  adapters: readonly PlatformAdapter[];
  jobs: Pick<JobScheduler, "running">;
  /** How long the store may take to answer before it counts as unreachable. Default 2 s. */
  storeTimeoutMs?: number;
}

/** What keeps this process from serving, in words an admin can act on; empty when it is ready. */
export async function readinessProblems(deps: ReadinessDeps): Promise<string[]> {
  const problems: string[] = [];
  const timeoutMs = deps.storeTimeoutMs ?? 2_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    const problem = await Promise.race([
      deps.store.get(keys.jobsIndex()).then(() => deps.store.problem()),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    if (problem) problems.push(`store: ${problem}`);
  } catch (error) {
    problems.push(`store unreachable: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    clearTimeout(timer);
  }
  for (const adapter of deps.adapters) {
    const reason = adapter.notReadyReason?.();
    if (reason) problems.push(`${adapter.id}: ${reason}`);
  }
  if (!deps.jobs.running) problems.push("job engine not running");
  return problems;
}
