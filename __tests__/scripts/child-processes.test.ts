import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stopChildren } from '../../scripts/child-processes';
import { runCommand } from '../../scripts/deploy/command';
import { terraform } from '../../scripts/plan/terraform-cli';

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

// A test tier stopped by a signal (Ctrl-C, or a CI job cancelled or timed out) must not leave
// Terraform or the provider running: they run in process groups of their own, out of the signal's
// reach, so stopChildren kills them, children included, and refuses to start more.
test('stopChildren kills running commands with their children and starts no more', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'command-'));
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
    rmSync(dir, { recursive: true, force: true });
  }
});
