import { killChild, spawnChild } from '../process/child-processes';

export interface CommandResult {
  readonly code: number;
  /** stdout and stderr interleaved as they arrived, ANSI colours removed. */
  readonly output: string;
  readonly seconds: number;
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
  return new Promise((resolve, reject) => {
    const child = spawnChild(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (!child) {
      resolve({ code: 130, output: '[not started: the run was stopped]', seconds: 0 });
      return;
    }
    let output = '';
    const collect = (chunk: Buffer) => (output += chunk.toString());
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    let timedOut = false;
    const timer = setTimeout(
      () => {
        timedOut = true;
        killChild(child);
      },
      (options.timeoutSeconds ?? 900) * 1000,
    );
    const ended = () => clearTimeout(timer);
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
