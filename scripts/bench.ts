/**
 * `npm run bench`: prints medians over several runs of
 *   - app synth (main.ts, as cdktf.json runs it): wall time and peak RSS
 *   - the floor: a one-resource app run the same way, and the ratio app/floor
 *   - unit + config tests (jest), and the end-to-end tests (app runs, state locking) apart
 *   - the offline plan of every stack (both forms, compared: npm run test:plan)
 *   - the deploy tier (every stack deployed, re-planned and destroyed on the AWS emulator)
 *   - the configuration contract's property test on a larger budget (PROPERTY_RUNS, default 500)
 *     and a fresh seed: configurations tried per second, and any counterexample
 * Runs: BENCH_RUNS (default 5) for synth, BENCH_SLOW_RUNS (default 3) for tests and plans,
 * BENCH_DEPLOY_RUNS (default 1; one run takes minutes) for the deploy tier.
 * Targets (issue #6): synth <= 2x floor, peak RSS <= 300 MB, unit tests <= 30 s, plan <= 120 s.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const runs = Number(process.env.BENCH_RUNS ?? 5);
const slowRuns = Number(process.env.BENCH_SLOW_RUNS ?? 3);

interface Sample {
  seconds: number;
  peak_rss_mb: number;
}

function measure(command: string[], env: NodeJS.ProcessEnv = {}): Sample {
  const out = execFileSync('python3', [join(__dirname, 'bench/measure.py'), ...command], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  return JSON.parse(out) as Sample;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** One run of a synth command into a fresh output directory. */
function synthOnce(command: string[]): Sample {
  const outDir = mkdtempSync(join(tmpdir(), 'bench-'));
  try {
    return measure(command, { CDKTF_OUTDIR: outDir });
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

function report(label: string, samples: Sample[]): void {
  const seconds = median(samples.map((s) => s.seconds));
  const rss = median(samples.map((s) => s.peak_rss_mb));
  console.log(
    `${label.padEnd(28)} median ${seconds.toFixed(2).padStart(7)} s   peak RSS ${rss.toFixed(0).padStart(5)} MB   (${samples.length} runs)`,
  );
}

function bench(label: string, count: number, command: string[]): void {
  if (count > 0)
    report(
      label,
      Array.from({ length: count }, () => measure(command)),
    );
}

console.log(`node ${process.version}, ${cpus().length} cores`);
// App and floor alternate, so a busy moment on the machine slows both of a pair alike; the ratio
// is the median of the per-pair ratios.
const pairs = Array.from({ length: runs }, () => ({
  app: synthOnce([TSX, 'main.ts']),
  floor: synthOnce([TSX, 'scripts/bench/floor-app.ts']),
}));
report(
  'app synth (main.ts)',
  pairs.map((p) => p.app),
);
report(
  'floor synth (1 resource)',
  pairs.map((p) => p.floor),
);
const ratio = median(pairs.map((p) => p.app.seconds / p.floor.seconds));
console.log(`synth ratio app/floor         ${ratio.toFixed(2)}x   (target <= 2x; peak RSS target <= 300 MB)`);
const jest = join(ROOT, 'node_modules/.bin/jest');
bench('unit + config tests (jest)', slowRuns, [jest, '--silent', '--testPathIgnorePatterns', '/e2e/']);
bench('end-to-end tests (jest e2e)', slowRuns, [jest, '--silent', '__tests__/e2e']);
bench('offline plan, JSON + HCL', slowRuns, [TSX, 'scripts/offline-plan.ts']);
bench('deploy tier (target <= 300 s)', Number(process.env.BENCH_DEPLOY_RUNS ?? 1), [
  TSX,
  'scripts/deploy-tier.ts',
]);
// Not measure(): a counterexample must still print its line, and the figure is the script's own.
const property = spawnSync(TSX, ['scripts/bench/config-property.ts'], { cwd: ROOT, encoding: 'utf8' });
const contract = JSON.parse(property.stdout) as {
  seed: number;
  runs: number;
  refused: number;
  synthesized: number;
  configsPerSecond: number;
  counterexample: string | null;
};
console.log(
  `${'config contract (property)'.padEnd(28)} ${contract.configsPerSecond.toFixed(1).padStart(7)} configs/s   ${contract.runs} tried (${contract.refused} refused, ${contract.synthesized} synthesized), seed ${contract.seed}` +
    (contract.counterexample ? `\n  COUNTEREXAMPLE: ${contract.counterexample}` : ''),
);
