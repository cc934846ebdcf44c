import type { Metrics } from "../metrics.ts";
import type { Store } from "../store/port.ts";

/** The store with each operation timed into `metrics` (store latency is what slows every handler at once). */
export function instrumentStore(store: Store, metrics: Metrics): Store {
  const timed =
    <A extends unknown[], R>(operation: string, fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const started = performance.now();
      try {
        const result = await fn(...args);
        metrics.store(operation, performance.now() - started, true);
        return result;
      } catch (error) {
        metrics.store(operation, performance.now() - started, false);
        throw error;
      }
    };
  return {
    get: timed("get", (key) => store.get(key)) as Store["get"],
    getMany: timed("getMany", (keys) => store.getMany(keys)) as Store["getMany"],
    set: timed("set", (key, value, ttl) => store.set(key, value, ttl)),
    delete: timed("delete", (key) => store.delete(key)),
    setIfAbsent: timed("setIfAbsent", (key, value, ttl) => store.setIfAbsent(key, value, ttl)),
    increment: timed("increment", (key, by) => store.increment(key, by)),
    getVersioned: timed("getVersioned", (key) => store.getVersioned(key)) as Store["getVersioned"],
    compareAndSet: timed("compareAndSet", (key, version, value, ttl) => store.compareAndSet(key, version, value, ttl)),
    acquireLease: timed("acquireLease", (name, holder, ttl) => store.acquireLease(name, holder, ttl)),
    renewLease: timed("renewLease", (lease, ttl) => store.renewLease(lease, ttl)),
    releaseLease: timed("releaseLease", (lease) => store.releaseLease(lease)),
    setFenced: timed("setFenced", (key, value, lease, ttl) => store.setFenced(key, value, lease, ttl)),
    // Passed through: their time is mostly the caller's work under the lock, not the store's.
    withLock: (key, fn) => store.withLock(key, fn),
    addToSet: timed("addToSet", (set, members, data) => store.addToSet(set, members, data)),
    removeFromSet: timed("removeFromSet", (set, members) => store.removeFromSet(set, members)),
    setMembers: timed("setMembers", (set) => store.setMembers(set)),
    setEntries: timed("setEntries", (set) => store.setEntries(set)) as Store["setEntries"],
    setSize: timed("setSize", (set) => store.setSize(set)),
    isMember: timed("isMember", (set, member) => store.isMember(set, member)),
    deleteSet: timed("deleteSet", (set) => store.deleteSet(set)),
    append: timed("append", (stream, records) => store.append(stream, records)),
    read: timed("read", (stream, range) => store.read(stream, range)) as Store["read"],
    rewrite: (stream, fn) => store.rewrite(stream, fn),
    keysWithPrefix: timed("keysWithPrefix", (prefix) => store.keysWithPrefix(prefix)),
    purgeExpired: timed("purgeExpired", () => store.purgeExpired()),
    compact: timed("compact", () => store.compact()),
    problem: () => store.problem(),
    close: () => store.close(),
  };
}
