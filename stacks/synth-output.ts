import { copyFileSync, existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { App } from 'cdktf';

/** Terraform's working files in a stack directory, kept across synths while the stack exists. */
const TERRAFORM_WORKING_FILES = ['.terraform'];
/** The provider lock file: the repository's one, committed, copied into every stack. */
export const LOCK_FILE = '.terraform.lock.hcl';

/**
 * Synthesizes into a fresh directory beside `outdir` and puts it in place only once synth has
 * succeeded. So the output is exactly the app: a removed stack's folder disappears, JSON and HCL
 * never share a folder, and a failed synth leaves the previous output as it was. Terraform's own
 * working files of stacks that still exist are carried over, so the next init is quick. Every stack
 * gets the repository's provider lock file (`lockFile`): the provider versions and checksums that
 * were reviewed, which `terraform init -lockfile=readonly` enforces in CI.
 */
export function synthesizeFresh(outdir: string, build: (outdir: string) => App, lockFile?: string): void {
  const target = resolve(outdir);
  const staging = `${target}.synth-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  try {
    build(staging).synth();
    carryOverWorkingFiles(target, staging);
    if (lockFile) copyLockFile(lockFile, staging);
    const previous = `${target}.old-${process.pid}`;
    if (existsSync(target)) renameSync(target, previous);
    renameSync(staging, target);
    rmSync(previous, { recursive: true, force: true });
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function carryOverWorkingFiles(from: string, to: string): void {
  const stacks = join(to, 'stacks');
  if (!existsSync(join(from, 'stacks')) || !existsSync(stacks)) return;
  for (const stack of readdirSync(stacks)) {
    for (const file of TERRAFORM_WORKING_FILES) {
      const old = join(from, 'stacks', stack, file);
      if (existsSync(old)) renameSync(old, join(stacks, stack, file));
    }
  }
}

function copyLockFile(lockFile: string, to: string): void {
  const stacks = join(to, 'stacks');
  if (!existsSync(stacks)) return;
  for (const stack of readdirSync(stacks)) copyFileSync(lockFile, join(stacks, stack, LOCK_FILE));
}
