/**
 * Runs synchronous code inside another network namespace. setns(2) moves only the calling
 * thread, here the JS main thread, and back again before returning; a socket (or TAP device,
 * or getifaddrs answer) made meanwhile belongs to the target namespace for its whole life,
 * which is all netio needs. libuv's pool threads never move, so fn must not await.
 */
import { C, check, cString, sys } from './libc.ts';

/** `/run/netns/NAME` for a name made with `ip netns add`, or a path like /proc/PID/ns/net. */
export function netnsPath(ns: string): string {
  return ns.includes('/') ? ns : `/run/netns/${ns}`;
}

export function withNetns<T>(ns: string, fn: () => T): T {
  const home = check(sys.open(cString('/proc/thread-self/ns/net'), C.O_RDONLY | C.O_CLOEXEC), 'open own netns');
  try {
    const target = check(sys.open(cString(netnsPath(ns)), C.O_RDONLY | C.O_CLOEXEC), `open netns ${ns}`);
    try {
      check(sys.setns(target, C.CLONE_NEWNET), `setns ${ns}`);
    } finally {
      sys.close(target);
    }
    let result: T;
    try {
      result = fn();
    } finally {
      // Failing to come home would leave the whole process in the lab: fatal, not an error.
      if (Number(sys.setns(home, C.CLONE_NEWNET)) < 0) {
        process.stderr.write('netio: cannot return to the original network namespace\n');
        process.abort();
      }
    }
    if (typeof (result as { then?: unknown } | undefined)?.then === 'function') {
      throw new TypeError('withNetns: fn must be synchronous (setns moves only the current thread)');
    }
    return result;
  } finally {
    sys.close(home);
  }
}

/** withNetns when a namespace is named, else fn here: for the open functions' `netns` option. */
export function inNetns<T>(ns: string | undefined, fn: () => T): T {
  return ns === undefined ? fn() : withNetns(ns, fn);
}
