import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The run's temporary directory (where shippedSynthDir in stacks/app-fixture.ts shares the shipped
 * app's synthesis), and TMPDIR as it was before the run (empty: it was unset).
 */
export const RUN_TMPDIR_ENV = 'JEST_RUN_TMPDIR';
export const OUTER_TMPDIR_ENV = 'JEST_OUTER_TMPDIR';

/**
 * Gives the run one temporary directory, removed by global-teardown.ts, and makes it the TMPDIR of
 * the workers and of everything they start: CDKTF's `Testing.app()` makes a directory there for
 * every test app and never removes it (about 500 a run), and a test that fails half-way leaves its
 * own behind too.
 *
 * The run's test files share the shipped app's synthesized output in that directory. Nothing is
 * synthesized here (and nothing of the app is imported), so a run of one unrelated test file pays
 * nothing. Workers start after this and inherit the variables; each run, `--watch` reruns
 * included, gets a fresh directory, so no test reads a synthesis older than its run.
 */
export default function globalSetup(): void {
  const run = mkdtempSync(join(tmpdir(), 'jest-run-'));
  process.env[RUN_TMPDIR_ENV] = run;
  process.env[OUTER_TMPDIR_ENV] = process.env.TMPDIR ?? '';
  process.env.TMPDIR = run;
}
