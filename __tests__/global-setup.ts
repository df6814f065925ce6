import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The variable that names the directory; see shippedSynthDir in stacks/app-fixture.ts. */
export const SHARED_SYNTH_ENV = 'SHIPPED_SYNTH_ROOT';

/**
 * Names the directory in which this Jest run's test files share the shipped app's synthesized
 * output. Nothing is synthesized here (and nothing of the app is imported), so a run of one
 * unrelated test file pays nothing. Workers start after this and inherit the variable; each run,
 * `--watch` reruns included, gets a fresh directory, so no test reads a synthesis older than its run.
 */
export default function globalSetup(): void {
  process.env[SHARED_SYNTH_ENV] = mkdtempSync(join(tmpdir(), 'shipped-synth-'));
}
