import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

/** Children started by spawnInGroup and not yet ended. */
const running = new Set<ChildProcess>();
let stopped = false;

/**
 * Starts a command in a process group of its own, so that it can be stopped with everything it
 * starts (Terraform's provider plugins, the app's Node process under `sh -c`). A signal sent to a
 * test tier alone (a CI job cancelled or timed out) does not reach such a group: the tier's
 * interrupt handler calls stopChildren. Undefined once stopChildren has been called: nothing new
 * starts after it.
 */
export function spawnInGroup(
  command: string,
  args: readonly string[],
  options: SpawnOptions,
): ChildProcess | undefined {
  if (stopped) return undefined;
  const child = spawn(command, [...args], { ...options, detached: true });
  running.add(child);
  const forget = () => running.delete(child);
  child.on('close', forget);
  child.on('error', forget);
  return child;
}

/** Kills every child still running, with its process group, and starts no more. */
export function stopChildren(): void {
  stopped = true;
  for (const child of running) killGroup(child);
}

/** Kills a child started by spawnInGroup with everything in its process group. */
export function killGroup(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    // already gone
  }
}
