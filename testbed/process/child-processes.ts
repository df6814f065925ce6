import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { onInterrupt } from './interrupt';

/** Children started by spawnChild and not yet ended. */
const running = new Set<ChildProcess>();
/** Those among them that lead a process group of their own. */
const groupLeaders = new WeakSet<ChildProcess>();
let supervisors = 0;
let stopped = false;

/**
 * While a test tier runs: the children it starts (Terraform and its provider plugins, the app's
 * Node process under `sh -c`) get process groups of their own, so that each can be stopped with
 * everything it started; a signal sent to the tier alone (a CI job cancelled or timed out) does
 * not reach them, so on SIGINT or SIGTERM this stops them, then runs `cleanUp` (onInterrupt).
 * Outside a tier (a Jest worker running a test that plans) children stay in their caller's
 * group, which Ctrl-C reaches. Returns the function that ends the supervision.
 */
export function superviseChildren(cleanUp: () => Promise<void>): () => void {
  supervisors += 1;
  const removeHandlers = onInterrupt(async () => {
    stopChildren();
    await cleanUp();
  });
  return () => {
    supervisors -= 1;
    removeHandlers();
  };
}

/** Starts a command (see superviseChildren); undefined once stopChildren has been called. */
export function spawnChild(
  command: string,
  args: readonly string[],
  options: SpawnOptions,
): ChildProcess | undefined {
  if (stopped) return undefined;
  const child = spawn(command, [...args], { ...options, detached: supervisors > 0 });
  if (supervisors > 0) groupLeaders.add(child);
  running.add(child);
  const forget = () => running.delete(child);
  child.on('close', forget);
  child.on('error', forget);
  return child;
}

/** Kills every child still running, with its process group, and starts no more. */
export function stopChildren(): void {
  stopped = true;
  for (const child of running) killChild(child);
}

/** Kills a child started by spawnChild, with its process group when it leads one. */
export function killChild(child: ChildProcess): void {
  try {
    process.kill(groupLeaders.has(child) ? -child.pid! : child.pid!, 'SIGKILL');
  } catch {
    // already gone (or never started: no pid)
  }
}
