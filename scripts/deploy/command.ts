import { spawn, type ChildProcess } from 'node:child_process';

export interface CommandResult {
  readonly code: number;
  /** stdout and stderr interleaved as they arrived, ANSI colours removed. */
  readonly output: string;
  readonly seconds: number;
}

/** Commands started by runCommand and not yet ended. */
const running = new Set<ChildProcess>();
let stopped = false;

/**
 * Kills every command still running, with its children, and starts no more (each later one ends at
 * once with exit 130). Each command runs in its own process group, so a signal that stops the tier
 * (Ctrl-C, or a CI job cancelled or timed out) does not reach Terraform and the provider by itself.
 */
export function stopCommands(): void {
  stopped = true;
  for (const child of running) killGroup(child);
}

/** Kills a command started by runCommand with everything in its process group. */
function killGroup(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    // already gone
  }
}

/**
 * Runs a command to completion without a terminal, never throwing on a non-zero exit. A command
 * still running after `timeoutSeconds` is killed with its children and reported as exit 124.
 */
export function runCommand(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutSeconds?: number },
): Promise<CommandResult> {
  const started = Date.now();
  if (stopped)
    return Promise.resolve({ code: 130, output: '[not started: the run was stopped]', seconds: 0 });
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group, so a timeout can stop terraform and the provider too
    });
    running.add(child);
    let output = '';
    const collect = (chunk: Buffer) => (output += chunk.toString());
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    let timedOut = false;
    const timer = setTimeout(
      () => {
        timedOut = true;
        killGroup(child);
      },
      (options.timeoutSeconds ?? 900) * 1000,
    );
    const ended = () => {
      running.delete(child);
      clearTimeout(timer);
    };
    child.on('error', (error) => {
      ended();
      reject(error);
    });
    child.on('close', (code) => {
      ended();
      resolve({
        code: timedOut ? 124 : (code ?? 1),
        output: stripAnsi(output) + (timedOut ? `\n[killed after ${options.timeoutSeconds ?? 900}s]` : ''),
        seconds: (Date.now() - started) / 1000,
      });
    });
  });
}

export function stripAnsi(text: string): string {
  return text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
}
