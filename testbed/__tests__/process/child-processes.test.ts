import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stopChildren, superviseChildren } from '../../process/child-processes';
import { runCommand } from '../../deploy/command';
import { terraform } from '../../plan/terraform-cli';

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
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// Outside a tier (a Jest worker running a test that plans), Ctrl-C reaches the whole foreground
// process group: a child must stay in its caller's group, and lead its own only while supervised.
test('a child leads a process group of its own only while a tier supervises it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'command-'));
  const groupOf = async () => {
    const ran = await runCommand('sh', ['-c', 'echo "$$ $(ps -o pgid= -p $$)"'], {
      cwd: dir,
      env: process.env,
    });
    const [pid, pgid] = ran.output.trim().split(/\s+/).map(Number);
    return { pid, pgid };
  };
  try {
    const ownGroup = Number(
      execFileSync('ps', ['-o', 'pgid=', '-p', String(process.pid)], { encoding: 'utf8' }),
    );
    expect((await groupOf()).pgid).toBe(ownGroup);
    const endSupervision = superviseChildren(async () => undefined);
    try {
      const supervised = await groupOf();
      expect(supervised.pgid).toBe(supervised.pid);
      expect(supervised.pgid).not.toBe(ownGroup);
    } finally {
      endSupervision();
    }
    expect((await groupOf()).pgid).toBe(ownGroup);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// (last: after stopChildren nothing starts in this module any more)
// A test tier stopped by a signal (Ctrl-C, or a CI job cancelled or timed out) must not leave
// Terraform or the provider running: they run in process groups of their own, out of the signal's
// reach, so stopChildren kills them, children included, and refuses to start more.
test('stopChildren kills running commands with their children and starts no more', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'command-'));
  const endSupervision = superviseChildren(async () => undefined);
  try {
    const pidFile = join(dir, 'child.pid');
    const running = runCommand('sh', ['-c', `sleep 60 & echo $! > ${pidFile}; wait`], {
      cwd: dir,
      env: process.env,
    });
    await until(() => readFileSync(pidFile, { encoding: 'utf8', flag: 'a+' }).trim() !== '');
    const grandchild = Number(readFileSync(pidFile, 'utf8'));
    expect(alive(grandchild)).toBe(true);

    stopChildren();

    const ended = await running;
    expect(ended.code).not.toBe(0);
    expect(ended.seconds).toBeLessThan(30);
    await until(() => !alive(grandchild));
    await expect(runCommand('true', [], { cwd: dir, env: process.env })).resolves.toMatchObject({
      code: 130,
      seconds: 0,
    });
    await expect(terraform(dir, ['version'], process.env)).resolves.toMatchObject({ code: 130 });
  } finally {
    endSupervision();
    rmSync(dir, { recursive: true, force: true });
  }
});
