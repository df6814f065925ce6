import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { formatHcl } from '../hcl';
import { createBucket, startEmulator, type Emulator } from '../emulator/moto';
import { OVERRIDE_FILE, offlineOverrides, requiredVariableArgs, type StackJson } from './overrides';
import { seededState, type PlanJson, type ProviderSchemas } from './seed-state';
import { findProviderMirror, terraform, writeCliConfig, type TerraformResult } from './terraform-cli';

export interface StackResult {
  readonly stack: string;
  readonly ok: boolean;
  /** "Plan: 45 to add, 0 to change, 0 to destroy." or the reason it failed. */
  readonly summary: string;
  readonly seconds: number;
  /** Terraform's error output when the stack failed. */
  readonly detail?: string;
}

export interface OfflinePlanOptions {
  /** Project root (holds cdktf.json). */
  readonly root: string;
  /** Use this synthesized output instead of synthesizing (a `cdktf.out`-shaped directory). */
  readonly synthDir?: string;
  /**
   * Plan the HCL form (`cdktf synth --hcl`, cdk.tf) instead of the JSON form. The overrides are
   * still derived from a JSON synth of the same app: both describe the same configuration.
   * @default false
   */
  readonly hcl?: boolean;
  /** Stacks planned at once. @default 2 */
  readonly concurrency?: number;
  /** Called as each stack finishes. */
  readonly onResult?: (result: StackResult) => void;
}

interface Manifest {
  readonly stacks: Record<string, { dependencies: string[]; workingDirectory: string }>;
}

/**
 * Synthesizes the app and, for every stack, runs `terraform init`, `validate` and `plan` with no
 * AWS credentials and no network: providers from the filesystem mirror, state in the AWS emulator's
 * S3 on loopback, and the producer stacks' outputs pushed to that state before their consumers plan.
 */
export async function offlinePlan(options: OfflinePlanOptions): Promise<StackResult[]> {
  const workDir = mkdtempSync(join(tmpdir(), 'offline-plan-'));
  let emulator: Emulator | undefined;
  try {
    const outDir = options.synthDir
      ? resolve(options.synthDir)
      : synthesize(options.root, join(workDir, 'out'));
    const hclDir = options.hcl
      ? synthesize(options.root, join(workDir, 'out-hcl'), { SYNTH_HCL_OUTPUT: 'true' })
      : undefined;
    const manifest = JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8')) as Manifest;
    const stacks = Object.fromEntries(
      Object.entries(manifest.stacks).map(([name, entry]) => [
        name,
        {
          dependencies: entry.dependencies,
          dir: join(hclDir ?? outDir, entry.workingDirectory),
          json: JSON.parse(
            readFileSync(join(outDir, entry.workingDirectory, 'cdk.tf.json'), 'utf8'),
          ) as StackJson,
        },
      ]),
    );

    emulator = await startEmulator();
    for (const { bucket, region } of stateBuckets(Object.values(stacks).map((s) => s.json))) {
      await createBucket(emulator, bucket, region);
    }
    const env: NodeJS.ProcessEnv = {
      ...withoutAwsCredentials(process.env),
      TF_CLI_CONFIG_FILE: writeCliConfig(join(workDir, 'terraform.rc'), findProviderMirror()),
      TF_DATA_DIR: undefined,
    };
    // Made-up keys: the emulator files them, and the buckets made above, under its default account.
    const target = {
      s3Endpoint: emulator.insecureEndpoint,
      accessKey: 'offline-plan',
      secretKey: 'offline-plan',
    };
    const consumers = new Set(Object.values(stacks).flatMap((s) => s.dependencies));
    let schemas: Promise<ProviderSchemas> | undefined;

    const planStack = async (name: string): Promise<StackResult> => {
      const started = Date.now();
      const stack = stacks[name];
      const dir = join(workDir, 'stacks', name);
      mkdirSync(dir, { recursive: true });
      cpSync(stack.dir, dir, { recursive: true });
      writeFileSync(join(dir, OVERRIDE_FILE), JSON.stringify(offlineOverrides(stack.json, target), null, 2));
      const seconds = () => (Date.now() - started) / 1000;
      const fail = (step: string, result: TerraformResult): StackResult => ({
        stack: name,
        ok: false,
        summary: `terraform ${step} failed`,
        seconds: seconds(),
        detail: (result.stderr || result.stdout).trim(),
      });

      const steps: [string, string[]][] = [
        ['init', ['init', '-input=false', '-no-color']],
        ['validate', ['validate', '-no-color']],
        ['plan', ['plan', '-input=false', '-no-color', '-out=tfplan', ...requiredVariableArgs(stack.json)]],
      ];
      let planOutput = '';
      for (const [step, args] of steps) {
        const result = await terraform(dir, args, env);
        if (result.code !== 0) return fail(step, result);
        if (step === 'plan') planOutput = result.stdout;
      }

      if (consumers.has(name)) {
        const shown = await terraform(dir, ['show', '-json', 'tfplan'], env);
        if (shown.code !== 0) return fail('show', shown);
        schemas ??= terraform(dir, ['providers', 'schema', '-json'], env).then((r) => {
          if (r.code !== 0) throw new Error(`terraform providers schema failed: ${r.stderr}`);
          return JSON.parse(r.stdout) as ProviderSchemas;
        });
        const region = String(stack.json.provider?.aws?.[0]?.region ?? 'us-east-1');
        const state = seededState(JSON.parse(shown.stdout) as PlanJson, await schemas, region);
        writeFileSync(join(dir, 'seeded.tfstate'), JSON.stringify(state, null, 2));
        const pushed = await terraform(dir, ['state', 'push', 'seeded.tfstate'], env);
        if (pushed.code !== 0) return fail('state push', pushed);
      }
      return { stack: name, ok: true, summary: planSummary(planOutput), seconds: seconds() };
    };

    return await runInDependencyOrder(
      Object.fromEntries(Object.entries(stacks).map(([n, s]) => [n, s.dependencies])),
      planStack,
      options.concurrency ?? 2,
      options.onResult,
    );
  } finally {
    await emulator?.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
}

/**
 * Runs the app command of cdktf.json with CDKTF_OUTDIR, the way `cdktf synth` does (with
 * `{ SYNTH_HCL_OUTPUT: 'true' }` in `env`, the way `cdktf synth --hcl` does, then formatted with
 * `terraform fmt` so the HCL is as a Terraform team's CI expects it).
 */
export function synthesize(root: string, outDir: string, env: NodeJS.ProcessEnv = {}): string {
  const { app } = JSON.parse(readFileSync(join(root, 'cdktf.json'), 'utf8')) as { app: string };
  const synthEnv: NodeJS.ProcessEnv = { ...process.env, ...env, CDKTF_OUTDIR: outDir };
  execFileSync('sh', ['-c', app], {
    cwd: root,
    env: synthEnv,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (synthEnv.SYNTH_HCL_OUTPUT === 'true') formatHcl(outDir);
  return outDir;
}

/**
 * Runs `task` for every node once all its dependencies succeeded, at most `concurrency` at once,
 * the ready node with the longest chain of nodes waiting on it first (then by name). A node whose
 * dependency failed is reported failed without running.
 */
export async function runInDependencyOrder(
  dependencies: Record<string, readonly string[]>,
  task: (name: string) => Promise<StackResult>,
  concurrency: number,
  onResult?: (result: StackResult) => void,
): Promise<StackResult[]> {
  const height = chainHeights(dependencies);
  const results = new Map<string, StackResult>();
  const pending = new Set(
    Object.keys(dependencies).sort((a, b) => height(b) - height(a) || a.localeCompare(b)),
  );
  const running = new Map<string, Promise<void>>();
  const record = (result: StackResult) => {
    results.set(result.stack, result);
    onResult?.(result);
  };

  while (pending.size > 0 || running.size > 0) {
    for (const name of [...pending]) {
      const deps = dependencies[name];
      const failed = deps.find((d) => results.has(d) && !results.get(d)!.ok);
      if (failed) {
        pending.delete(name);
        record({ stack: name, ok: false, summary: `skipped: ${failed} failed`, seconds: 0 });
      } else if (running.size < concurrency && deps.every((d) => results.has(d))) {
        pending.delete(name);
        running.set(
          name,
          task(name)
            .catch((error: Error) => ({
              stack: name,
              ok: false,
              summary: 'harness error',
              seconds: 0,
              detail: error.stack,
            }))
            .then((result) => {
              running.delete(name);
              record(result);
            }),
        );
      }
    }
    if (running.size === 0 && pending.size > 0) {
      throw new Error(`dependency cycle or unknown dependency among: ${[...pending].join(', ')}`);
    }
    if (running.size > 0) await Promise.race(running.values());
  }
  return Object.keys(dependencies)
    .sort()
    .map((name) => results.get(name)!);
}

/** For each node, the number of nodes on the longest chain of nodes that wait for it. */
function chainHeights(dependencies: Record<string, readonly string[]>): (name: string) => number {
  const waiting = new Map<string, string[]>();
  for (const [name, deps] of Object.entries(dependencies)) {
    for (const dep of deps) waiting.set(dep, [...(waiting.get(dep) ?? []), name]);
  }
  const memo = new Map<string, number>();
  const height = (name: string, seen = new Set<string>()): number => {
    if (memo.has(name)) return memo.get(name)!;
    if (seen.has(name)) return 0; // a cycle is reported by the scheduler
    seen.add(name);
    const value = Math.max(0, ...(waiting.get(name) ?? []).map((w) => 1 + height(w, seen)));
    memo.set(name, value);
    return value;
  };
  return (name) => height(name);
}

export function planSummary(stdout: string): string {
  const line = stdout.split('\n').find((l) => /^(Plan: |No changes\.)/.test(l.trim()));
  return line?.trim() ?? 'planned (no summary line)';
}

function stateBuckets(stacks: readonly StackJson[]): { bucket: string; region: string }[] {
  const buckets = new Map<string, string>();
  for (const stack of stacks) {
    const backend = stack.terraform?.backend?.s3;
    if (backend?.bucket) buckets.set(String(backend.bucket), String(backend.region ?? 'us-east-1'));
  }
  return [...buckets].map(([bucket, region]) => ({ bucket, region }));
}

/** The plan must not reach a real account, even on a machine that has credentials. */
function withoutAwsCredentials(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(env).filter(
      ([key]) => !/^AWS_(PROFILE|ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN|DEFAULT_PROFILE)$/.test(key),
    ),
  );
}
