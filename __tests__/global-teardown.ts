import { rmSync } from 'node:fs';
import { OUTER_TMPDIR_ENV, RUN_TMPDIR_ENV } from './global-setup';

export default function globalTeardown(): void {
  const run = process.env[RUN_TMPDIR_ENV];
  if (run) rmSync(run, { recursive: true, force: true });
  const outer = process.env[OUTER_TMPDIR_ENV];
  if (outer) process.env.TMPDIR = outer;
  else delete process.env.TMPDIR;
  for (const name of [RUN_TMPDIR_ENV, OUTER_TMPDIR_ENV]) delete process.env[name];
}
