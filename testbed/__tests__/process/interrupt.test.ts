import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');

/**
 * A process that registered a clean-up with onInterrupt, then waits. The clean-up takes a moment
 * and writes `marker` when it is done.
 */
function waitingProcess(marker: string) {
  const script = `
    const { onInterrupt } = require(${JSON.stringify(join(ROOT, 'testbed/process/interrupt.ts'))});
    onInterrupt(async () => {
      await new Promise((r) => setTimeout(r, 300));
      require('node:fs').writeFileSync(process.env.MARKER, 'cleaned up');
    });
    process.stdout.write('ready\\n');
    setInterval(() => undefined, 1000);
  `;
  // Node itself, with tsx's loader: the tsx command would stand between, relaying the signal.
  return spawn(process.execPath, ['--import', 'tsx', '-e', script], {
    cwd: ROOT,
    env: { ...process.env, MARKER: marker },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

// Ctrl-C reaches a tier twice (from the terminal, and relayed by tsx), and a CI job that is
// cancelled sends SIGTERM: either way the clean-up must finish before the signal ends the process.
test.each(['SIGINT', 'SIGTERM'] as const)(
  'on %s the clean-up runs to its end, then the signal ends the process',
  async (signal) => {
    const dir = mkdtempSync(join(tmpdir(), 'interrupt-'));
    try {
      const marker = join(dir, 'marker');
      const child = waitingProcess(marker);
      await new Promise<void>((ready) => child.stdout.once('data', () => ready()));
      const exited = new Promise<NodeJS.Signals | null>((done) => child.once('exit', (_code, s) => done(s)));

      child.kill(signal);
      await new Promise((r) => setTimeout(r, 100)); // as tsx relays it, a moment later
      child.kill(signal);

      expect(await exited).toBe(signal);
      expect(existsSync(marker) && readFileSync(marker, 'utf8')).toBe('cleaned up');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
