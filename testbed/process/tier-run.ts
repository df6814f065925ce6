import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import type { Options } from 'execa';
import { onExit } from 'signal-exit';

/** The test tier running in this process; undefined outside a tier. */
let tier: { readonly ended: AbortSignal; readonly tmpDir: string } | undefined;

/**
 * While a test tier runs, the commands it starts (Terraform and its provider plugins, the app's Node
 * process under `sh -c`, npm and cdktf) get process groups of their own, so that each can be killed
 * with everything it started: a signal sent to the tier alone (a CI job cancelled or timed out)
 * does not reach them. When the process ends before the tier does (Ctrl-C, SIGTERM, an uncaught
 * error), signal-exit kills every command's group, then runs `cleanUp`, then lets the signal end the
 * process; nothing asynchronous runs by then, so `cleanUp` must be synchronous. The commands' TMPDIR
 * is a directory of the tier's, removed with it: a provider plugin killed this way leaves the
 * directory of its socket behind. Outside a tier (a Jest worker running a test that plans) commands
 * stay in their caller's group, which Ctrl-C reaches. Returns the function that ends the tier's run.
 */
export function startTierRun(cleanUp: () => void): () => void {
  const ended = new AbortController();
  const tmpDir = mkdtempSync(join(tmpdir(), 'tier-tmp-'));
  const removeTmpDir = () => rmSync(tmpDir, { recursive: true, force: true, maxRetries: 3 });
  tier = { ended: ended.signal, tmpDir };
  const removeHandler = onExit(() => {
    ended.abort();
    cleanUp();
    removeTmpDir();
  });
  return () => {
    removeHandler();
    tier = undefined;
    removeTmpDir();
  };
}

export interface CommandOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Killed, with everything it started, after this long; reported as exit 124. @default - no limit */
  readonly timeoutSeconds?: number;
  /** @default - stdin ignored, stdout and stderr kept */
  readonly stdio?: Options['stdio'];
}

export interface CommandResult {
  /** The exit status; 124 when the command ran out of time. */
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr interleaved as they arrived, terminal control sequences removed. */
  readonly output: string;
  /** Wall time of the command, from spawn to exit. */
  readonly seconds: number;
}

/**
 * Runs a command to completion with execa, in the environment given and no other (but for a tier's
 * TMPDIR), never throwing on its exit status (only when it cannot start, or the tier is ending).
 * Killed with its process group when its time runs out or the tier ends: execa's own `timeout`
 * would kill the group's leader alone, and the children holding its output open would keep it
 * waiting.
 */
export async function runCommand(
  file: string,
  args: readonly string[],
  options: CommandOptions,
): Promise<CommandResult> {
  const deadline = options.timeoutSeconds ? AbortSignal.timeout(options.timeoutSeconds * 1000) : undefined;
  const signals = [tier?.ended, deadline].filter((s): s is AbortSignal => s !== undefined);
  const cancelSignal = signals.length > 0 ? AbortSignal.any(signals) : undefined;
  // Imported, not required: execa ships ES modules only, and under tsx a require() of it fails
  // (privatenumber/tsx#673: its npm-run-path imports unicorn-magic, which exports for `import` only).
  const { execa } = await import('execa');
  // signal-exit lets the signal end the process a moment after the clean-up: nothing may start then.
  if (tier?.ended.aborted) throw new Error(`${file} not started: the tier is ending`);
  const command = execa(file, args, {
    cwd: options.cwd,
    env: tier ? { ...options.env, TMPDIR: tier.tmpDir } : options.env,
    extendEnv: false,
    stdio: options.stdio ?? ['ignore', 'pipe', 'pipe'],
    all: true,
    reject: false,
    detached: tier !== undefined,
    cancelSignal,
    killSignal: 'SIGKILL',
  });
  const killGroup = () => killProcessGroup(command.pid);
  if (tier) cancelSignal?.addEventListener('abort', killGroup, { once: true });
  const result = await command;
  cancelSignal?.removeEventListener('abort', killGroup);
  // Not started at all (no such program, no such directory): no status to report.
  if (result.failed && result.exitCode === undefined && result.signal === undefined) throw result;
  const timedOut = deadline?.aborted === true;
  return {
    code: timedOut ? 124 : (result.exitCode ?? 1),
    stdout: text(result.stdout),
    stderr: text(result.stderr),
    output:
      stripVTControlCharacters(text(result.all)) +
      (timedOut ? `\n[killed after ${options.timeoutSeconds}s]` : ''),
    seconds: result.durationMs / 1000,
  };
}

/** Kills a process group; one already gone is not an error. */
function killProcessGroup(leader: number | undefined): void {
  if (leader === undefined) return;
  try {
    process.kill(-leader, 'SIGKILL');
  } catch {
    // already gone
  }
}

function text(output: unknown): string {
  return typeof output === 'string' ? output : '';
}
