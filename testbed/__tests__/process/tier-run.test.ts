import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCommand, startTierRun } from '../../process/tier-run';

const ROOT = resolve(__dirname, '../../..');

/** True while a process with this ID exists. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(condition: () => boolean, seconds = 10): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not within ${seconds}s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * A shell that leaves a directory in its TMPDIR (as a provider plugin leaves its socket's), starts
 * `sleep 60` in the background, writes "<its own pid> <sleep's pid> <TMPDIR>" to `pidFile`, and waits.
 */
const SLEEPER = (pidFile: string) => [
  '-c',
  `mkdir "$TMPDIR/plugin-socket"; sleep 60 & echo "$$ $! $TMPDIR" > ${pidFile}; wait`,
];

/** What SLEEPER writes, once it has. */
async function sleeper(pidFile: string): Promise<{ shell: number; sleeper: number; tmpDir: string }> {
  await until(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').endsWith('\n'));
  const [shell, sleeping, tmpDir] = readFileSync(pidFile, 'utf8').trim().split(' ');
  return { shell: Number(shell), sleeper: Number(sleeping), tmpDir };
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tier-run-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

// Outside a tier (a Jest worker running a test that plans), Ctrl-C reaches the whole foreground
// process group: a command must stay in its caller's group, and lead its own only in a tier.
test('a command leads a process group of its own only while a tier runs', async () => {
  const groupOf = async () => {
    const ran = await runCommand('sh', ['-c', 'echo "$$ $(ps -o pgid= -p $$)"'], {
      cwd: dir,
      env: process.env,
    });
    const [pid, pgid] = ran.stdout.trim().split(/\s+/).map(Number);
    return { pid, pgid };
  };
  const ownGroup = Number(
    execFileSync('ps', ['-o', 'pgid=', '-p', String(process.pid)], { encoding: 'utf8' }),
  );
  expect((await groupOf()).pgid).toBe(ownGroup);
  const endRun = startTierRun(() => undefined);
  try {
    const inTier = await groupOf();
    expect(inTier.pgid).toBe(inTier.pid);
    expect(inTier.pgid).not.toBe(ownGroup);
  } finally {
    endRun();
  }
  expect((await groupOf()).pgid).toBe(ownGroup);
});

// Killing a command's leader alone would leave what it started running, holding its output open.
test('a command out of time is killed with everything it started, and reported as exit 124', async () => {
  const endRun = startTierRun(() => undefined);
  try {
    const pidFile = join(dir, 'pids');
    const running = runCommand('sh', SLEEPER(pidFile), { cwd: dir, env: process.env, timeoutSeconds: 1 });
    const started = await sleeper(pidFile);

    const ended = await running;

    expect(ended.code).toBe(124);
    expect(ended.output).toMatch(/\[killed after 1s\]$/);
    expect(ended.seconds).toBeLessThan(30);
    await until(() => !alive(started.shell) && !alive(started.sleeper));
  } finally {
    endRun();
  }
});

// A provider plugin killed with its group leaves the directory of its socket in TMPDIR.
test("a tier's commands get a TMPDIR of their own, removed when the tier ends", async () => {
  const endRun = startTierRun(() => undefined);
  const pidFile = join(dir, 'pids');
  let tmpDir: string;
  try {
    const running = runCommand('sh', SLEEPER(pidFile), { cwd: dir, env: process.env, timeoutSeconds: 1 });
    tmpDir = (await sleeper(pidFile)).tmpDir;
    await running;
    expect(existsSync(join(tmpDir, 'plugin-socket'))).toBe(true);
    expect(tmpDir).not.toBe(process.env.TMPDIR);
  } finally {
    endRun();
  }
  expect(existsSync(tmpDir)).toBe(false);
});

test('a command that prints in colour is kept without the escape sequences, stdout and stderr interleaved', async () => {
  const ran = await runCommand('sh', ['-c', "printf '\\033[32mgreen\\033[0m\\n'; echo oops >&2; exit 3"], {
    cwd: dir,
    env: process.env,
  });
  expect(ran).toMatchObject({ code: 3, output: 'green\noops', stderr: 'oops' });
});

test('fails when the command cannot be started at all', async () => {
  await expect(runCommand('no-such-command-here', [], { cwd: dir, env: process.env })).rejects.toThrow(
    /ENOENT/,
  );
});

/**
 * A tier in a process of its own: it owns `work` (its clean-up removes it and writes `marker`) and
 * runs SLEEPER in it, then waits. Node itself, with tsx's loader: the tsx command would stand
 * between, relaying the signal.
 */
function tierProcess(work: string, marker: string, pidFile: string) {
  const script = `
    const { rmSync, writeFileSync } = require('node:fs');
    const { runCommand, startTierRun } = require(${JSON.stringify(join(ROOT, 'testbed/process/tier-run.ts'))});
    startTierRun(() => {
      rmSync(process.env.WORK, { recursive: true, force: true });
      writeFileSync(process.env.MARKER, 'cleaned up');
    });
    void runCommand('sh', ${JSON.stringify(SLEEPER(pidFile))}, { cwd: process.env.WORK, env: process.env });
    setInterval(() => undefined, 1000);
  `;
  return spawn(process.execPath, ['--import', 'tsx', '-e', script], {
    cwd: ROOT,
    env: { ...process.env, WORK: work, MARKER: marker },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

// Ctrl-C reaches a tier twice (from the terminal, and relayed by tsx), and a CI job that is cancelled
// sends SIGTERM to the tier alone: either way, nothing the tier started may outlive it, and its
// clean-up must have run before the signal ends it.
test.each(['SIGINT', 'SIGTERM'] as const)(
  'on %s the commands are killed with what they started, the clean-up runs, then the signal ends the tier',
  async (signal) => {
    const work = join(dir, 'work');
    mkdirSync(work);
    const marker = join(dir, 'marker');
    const pidFile = join(dir, 'pids');
    const tier = tierProcess(work, marker, pidFile);
    const exited = new Promise<NodeJS.Signals | null>((done) => tier.once('exit', (_code, s) => done(s)));
    const started = await sleeper(pidFile);
    expect(alive(started.sleeper)).toBe(true);
    expect(existsSync(started.tmpDir)).toBe(true);

    tier.kill(signal);
    await new Promise((r) => setTimeout(r, 100)); // as tsx relays it, a moment later
    if (tier.exitCode === null && tier.signalCode === null) tier.kill(signal);

    expect(await exited).toBe(signal);
    expect(existsSync(marker) && readFileSync(marker, 'utf8')).toBe('cleaned up');
    expect(existsSync(work)).toBe(false);
    expect(existsSync(started.tmpDir)).toBe(false);
    await until(() => !alive(started.shell) && !alive(started.sleeper));
  },
);
