/**
 * `npm run bench`: prints medians over several runs of
 *   - app synth (main.ts, as cdktf.json runs it): wall time and peak RSS
 *   - the floor: a one-resource app run the same way, and the ratio app/floor
 *   - the app grown to about 100 stacks (generated environments), and its ratio to the shipped app
 *   - type-check, unit + config tests (jest), and the end-to-end tests apart
 *   - the offline plan of every stack (both forms, compared: npm run test:plan), with the Terraform
 *     time of each command (init, plan, show, state push, ...) summed over the stacks, and per stack
 *   - the deploy tier (every stack deployed, re-planned and destroyed on the AWS emulator)
 *   - `npm test` itself, which runs the deploy tier alongside the end-to-end tests and the plan,
 *     beside the sum of its tiers' medians (what it would take run one after another)
 *   - the configuration contract's property test on a larger budget (PROPERTY_RUNS, default 500)
 *     and a fresh seed: configurations tried per second, and any counterexample
 * Runs: BENCH_RUNS (default 5) for synth, BENCH_SLOW_RUNS (default 3) for tests and plans,
 * BENCH_DEPLOY_RUNS (default 1; one run takes minutes) for the deploy tier and for `npm test`.
 * Targets (issue #14), printed beside each figure and never asserted: synth <= 1.5x the floor,
 * peak RSS <= 200 MB, ~100 stacks <= 3x the shipped app, unit tests <= 15 s, end-to-end <= 40 s,
 * plan of both forms <= 90 s, npm test with the deploy tier <= 6 minutes.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const runs = Number(process.env.BENCH_RUNS ?? 5);
const slowRuns = Number(process.env.BENCH_SLOW_RUNS ?? 3);
const deployRuns = Number(process.env.BENCH_DEPLOY_RUNS ?? 1);

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

/** One run of a synth command into a fresh output directory, with the number of stacks it wrote. */
function synthOnce(command: string[]): Sample & { stacks: number } {
  const outDir = mkdtempSync(join(tmpdir(), 'bench-'));
  try {
    const sample = measure(command, { CDKTF_OUTDIR: outDir });
    const manifest = JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8')) as {
      stacks: Record<string, unknown>;
    };
    return { ...sample, stacks: Object.keys(manifest.stacks).length };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

/** Prints the medians and returns the median seconds. */
function report(label: string, samples: Sample[], target = ''): number {
  const seconds = median(samples.map((s) => s.seconds));
  const rss = median(samples.map((s) => s.peak_rss_mb));
  console.log(
    `${label.padEnd(28)} median ${seconds.toFixed(2).padStart(7)} s   peak RSS ${rss.toFixed(0).padStart(5)} MB   (${samples.length} runs)${target ? `   target ${target}` : ''}`,
  );
  return seconds;
}

function bench(label: string, count: number, command: string[], target = ''): number {
  return count > 0
    ? report(
        label,
        Array.from({ length: count }, () => measure(command)),
        target,
      )
    : 0;
}

console.log(`node ${process.version}, ${cpus().length} cores`);
// App and floor alternate, so a busy moment on the machine slows both of a pair alike; the ratio
// is the median of the per-pair ratios.
const pairs = Array.from({ length: runs }, () => ({
  app: synthOnce([TSX, 'main.ts']),
  floor: synthOnce([TSX, 'testbed/bench/floor-app.ts']),
}));
report(
  'app synth (main.ts)',
  pairs.map((p) => p.app),
  '<= 200 MB',
);
report(
  'floor synth (1 resource)',
  pairs.map((p) => p.floor),
);
const ratio = median(pairs.map((p) => p.app.seconds / p.floor.seconds));
console.log(`synth ratio app/floor         ${ratio.toFixed(2)}x   target <= 1.5x`);

const grown = Array.from({ length: runs }, () => ({
  app: synthOnce([TSX, 'main.ts']),
  grown: synthOnce([TSX, 'testbed/bench/generated-app.ts']),
}));
// Counted from what each app wrote, so the labels stay true when the configuration grows.
const { stacks: grownStacks } = grown[0].grown;
const { stacks: shippedStacks } = grown[0].app;
report(
  `app of ${grownStacks} stacks`,
  grown.map((p) => p.grown),
);
const growth = median(grown.map((p) => p.grown.seconds / p.app.seconds));
console.log(
  `${`synth ratio ${grownStacks} stacks/${shippedStacks}`.padEnd(28)}  ${growth.toFixed(2)}x   target <= 3x`,
);

const jest = join(ROOT, 'node_modules/.bin/jest');
const tiers = {
  build: bench('type-check (tsc)', slowRuns, [join(ROOT, 'node_modules/.bin/tsc'), '--noEmit']),
  unit: bench(
    'unit + config tests (jest)',
    slowRuns,
    [jest, '--silent', '--testPathIgnorePatterns', '/e2e/'],
    '<= 15 s',
  ),
  e2e: bench('end-to-end tests (jest e2e)', slowRuns, [jest, '--silent', '/e2e/'], '<= 40 s'),
  plan: benchPlan(),
  deploy: bench('deploy tier', deployRuns, [TSX, 'testbed/deploy-tier.ts'], '(in npm test)'),
};
const total = Object.values(tiers).reduce((a, b) => a + b, 0);
console.log(
  `${'tiers one after another'.padEnd(28)} ${total.toFixed(0).padStart(7)} s   ` +
    `(${Object.entries(tiers)
      .map(([tier, seconds]) => `${tier} ${seconds.toFixed(0)}`)
      .join(' + ')})`,
);
bench('npm test', deployRuns, ['npm', 'test', '--silent'], '<= 360 s');

/**
 * The plan tier, with where its time goes: each run writes its Terraform time per command and per
 * stack (PLAN_TIMINGS_FILE), and the medians over the runs are printed under the total.
 */
function benchPlan(): number {
  if (slowRuns === 0) return 0; // as bench() does: no runs, no figure
  const dir = mkdtempSync(join(tmpdir(), 'bench-plan-'));
  try {
    const timings: PlanTimings[] = [];
    const samples = Array.from({ length: slowRuns }, (_, i) => {
      const file = join(dir, `timings-${i}.json`);
      const sample = measure([TSX, 'testbed/offline-plan.ts'], { PLAN_TIMINGS_FILE: file });
      timings.push(JSON.parse(readFileSync(file, 'utf8')) as PlanTimings);
      return sample;
    });
    const seconds = report('offline plan, JSON + HCL', samples, '<= 90 s');
    if (timings.length === 0) return seconds;
    const commands = Object.keys(timings[0].byCommand);
    console.log(
      `  Terraform time by command, summed over stacks: ${commands
        .map((c) => `${c} ${median(timings.map((t) => t.byCommand[c] ?? 0)).toFixed(1)}s`)
        .join(', ')}`,
    );
    for (const stack of Object.keys(timings[0].stacks)) {
      const row = (key: string) => median(timings.map((t) => t.stacks[stack]?.[key] ?? 0));
      console.log(
        `  ${stack.padEnd(16)} ${row('seconds').toFixed(1).padStart(5)} s: ${commands
          .map((c) => `${c} ${row(c).toFixed(1)}`)
          .join(', ')}`,
      );
    }
    return seconds;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface PlanTimings {
  seconds: number;
  byCommand: Record<string, number>;
  stacks: Record<string, Record<string, number>>;
}

// Not measure(): a counterexample must still print its line, and the figure is the script's own.
const property = spawnSync(TSX, ['testbed/bench/config-property.ts'], { cwd: ROOT, encoding: 'utf8' });
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
