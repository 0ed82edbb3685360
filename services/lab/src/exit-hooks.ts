// Last-resort cleanup for labs whose test never reached destroy(): a process
// `exit` (normal end, process.exit, uncaught error) or SIGINT/SIGTERM tears
// down every live lab synchronously, since no promise settles in an exit hook.
// SIGKILL cannot be caught: the sweep at the next Lab.create covers that.
// This set is the module's only state, and it has to be: hooks are per process.

export interface SyncDestroyable {
  destroySync(): void;
}

const live = new Set<SyncDestroyable>();
let installed = false;

function destroyAll(): void {
  for (const lab of [...live]) {
    live.delete(lab);
    try {
      lab.destroySync();
    } catch {
      // Keep going: the other labs still need their cleanup.
    }
  }
}

function onSignal(signal: NodeJS.Signals): void {
  destroyAll();
  // Our listener replaced the default action (exit); if nobody else handles the
  // signal, restore that action and re-raise so the exit status tells the truth.
  if (process.listenerCount(signal) === 1) {
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  }
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', destroyAll);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

export function trackLab(lab: SyncDestroyable): void {
  install();
  live.add(lab);
}

export function untrackLab(lab: SyncDestroyable): void {
  live.delete(lab);
}
