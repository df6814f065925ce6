import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');

/** The IDs of the processes whose command line names `text` (the emulator's: its certificate directory). */
function processesNaming(text: string): string[] {
  return spawnSync('pgrep', ['-f', text], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
}

/**
 * A process that started the emulator and waits, as a tier does; it prints the emulator's plain
 * endpoint and CA file (in the emulator's certificate directory). Node with tsx's loader, not the tsx command, which would relay the signal.
 */
function processWithEmulator() {
  const script = `
    const { startEmulator } = require(${JSON.stringify(join(ROOT, 'testbed/emulator/moto.ts'))});
    startEmulator().then((e) => {
      process.stdout.write(JSON.stringify({ endpoint: e.insecureEndpoint, ca: e.caBundle }) + '\\n');
      setInterval(() => undefined, 1000);
    });
  `;
  return spawn(process.execPath, ['--import', 'tsx', '-e', script], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

// A tier stopped by Ctrl-C, or a CI job cancelled, must not leave moto listening nor its certificate
// authority's directory behind, whatever the tier itself manages to clean up.
test.each(['SIGINT', 'SIGTERM'] as const)(
  'on %s the emulator stops and its certificate directory goes',
  async (signal) => {
    const owner = processWithEmulator();
    const exited = new Promise<NodeJS.Signals | null>((done) => owner.once('exit', (_code, s) => done(s)));
    const started = await new Promise<{ endpoint: string; ca: string }>((ready) =>
      owner.stdout.once('data', (chunk: Buffer) => ready(JSON.parse(chunk.toString()))),
    );
    const certDir = dirname(started.ca);
    expect(processesNaming(certDir)).toHaveLength(1);
    expect(existsSync(started.ca)).toBe(true);

    owner.kill(signal);

    expect(await exited).toBe(signal);
    expect(existsSync(certDir)).toBe(false);
    const deadline = Date.now() + 10_000;
    while (processesNaming(certDir).length > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(processesNaming(certDir)).toEqual([]);
  },
);
