/**
 * `npm run test:plan`: the offline plan tier. Synthesizes the app in both forms (or takes
 * `--synth-dir DIR` and `--hcl-synth-dir DIR`), then inits and plans every stack's JSON and
 * HCL without AWS and compares the two plans. Prints a line per stack, the Terraform time by
 * command and `N passed, N failed`; exits non-zero if any stack failed. With PLAN_TIMINGS_FILE set,
 * also writes the timings there as JSON (npm run bench reads them).
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { offlinePlan, type StackResult } from './plan/offline-plan';
import type { NodeResult } from './schedule/dependency-order';
import { Progress } from './schedule/progress';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { 'synth-dir': { type: 'string' }, 'hcl-synth-dir': { type: 'string' } },
  });
  const concurrency = Number(process.env.PLAN_CONCURRENCY ?? 2);

  const started = Date.now();
  const progress = new Progress();
  const print = (r: NodeResult) => {
    progress.finished(r);
    const status = r.ok ? 'PASS' : 'FAIL';
    progress.line(`${status} ${r.stack.padEnd(16)} ${r.summary} (${r.seconds.toFixed(1)}s)`);
    if (!r.ok && r.detail) progress.line(r.detail.replace(/^/gm, '    | '));
  };
  console.log('offline plan of every stack, JSON form and HCL form (synth --hcl), compared');
  const results = await offlinePlan({
    root: resolve(__dirname, '..'),
    synthDir: values['synth-dir'],
    hclSynthDir: values['hcl-synth-dir'],
    concurrency,
    watcher: { started: (name) => progress.started(name), finished: print },
  }).finally(() => progress.end());
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  const seconds = (Date.now() - started) / 1000;
  console.log(`offline plan of ${results.length} stacks took ${seconds.toFixed(1)}s`);
  const byCommand = commandTotals(results);
  console.log(
    `Terraform time by command, summed over stacks (${concurrency} at once): ` +
      Object.entries(byCommand)
        .map(([command, total]) => `${command} ${total.toFixed(1)}s`)
        .join(', '),
  );
  // For npm run bench: the same figures, per stack too.
  if (process.env.PLAN_TIMINGS_FILE) {
    const stacks = Object.fromEntries(
      results.map((r) => [r.stack, { seconds: r.seconds, ...r.commandSeconds }]),
    );
    writeFileSync(process.env.PLAN_TIMINGS_FILE, JSON.stringify({ seconds, byCommand, stacks }, null, 2));
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 || results.length === 0 ? 1 : 0;
}

/** Seconds per Terraform command over all stacks, the costliest first. */
function commandTotals(results: readonly StackResult[]): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const r of results) {
    for (const [command, seconds] of Object.entries(r.commandSeconds ?? {})) {
      totals[command] = (totals[command] ?? 0) + seconds;
    }
  }
  return Object.fromEntries(Object.entries(totals).sort(([, a], [, b]) => b - a));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
