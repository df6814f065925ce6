/**
 * `npm run bench`: prints medians over several runs of
 *   - app synth (main.ts, as cdktf.json runs it): wall time and peak RSS
 *   - the floor: a one-resource app run the same way, and the ratio app/floor
 *   - unit + config tests (jest), and the end-to-end tests (app runs, state locking) apart
 *   - the offline plan of every stack
 * Runs: BENCH_RUNS (default 5) for synth, BENCH_SLOW_RUNS (default 3) for tests and plans.
 * Targets (issue #6): synth <= 2x floor, peak RSS <= 300 MB, unit tests <= 30 s, plan <= 120 s.
 */
import { execFileSync } from 'node:child_process';
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

function bench(label: string, count: number, command: string[], withOutDir = false) {
  const samples: Sample[] = [];
  for (let i = 0; i < count; i++) {
    const outDir = mkdtempSync(join(tmpdir(), 'bench-'));
    try {
      samples.push(measure(command, withOutDir ? { CDKTF_OUTDIR: outDir } : {}));
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  }
  const result = {
    seconds: median(samples.map((s) => s.seconds)),
    rss: median(samples.map((s) => s.peak_rss_mb)),
  };
  console.log(
    `${label.padEnd(28)} median ${result.seconds.toFixed(2).padStart(7)} s   peak RSS ${result.rss.toFixed(0).padStart(5)} MB   (${count} runs)`,
  );
  return result;
}

console.log(`node ${process.version}, ${cpus().length} cores`);
const app = bench('app synth (main.ts)', runs, [TSX, 'main.ts'], true);
const floor = bench('floor synth (1 resource)', runs, [TSX, 'scripts/bench/floor-app.ts'], true);
console.log(
  `synth ratio app/floor         ${(app.seconds / floor.seconds).toFixed(2)}x   (target <= 2x; peak RSS target <= 300 MB)`,
);
const jest = join(ROOT, 'node_modules/.bin/jest');
bench('unit + config tests (jest)', slowRuns, [jest, '--silent', '--testPathIgnorePatterns', '/e2e/']);
bench('end-to-end tests (jest e2e)', slowRuns, [jest, '--silent', '__tests__/e2e']);
bench('offline plan, all stacks', slowRuns, [TSX, 'scripts/offline-plan.ts']);
