import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { formatHcl } from '../../scripts/hcl';
import { SYNTH_STDIO, synthCommand } from '../../scripts/synth';
import { createBucket, startEmulator, type Emulator } from '../emulator/moto';
import { runCommand, startTierRun } from '../process/tier-run';
import { runInDependencyOrder, type NodeResult, type Watcher } from '../schedule/dependency-order';
import { OVERRIDE_FILE, offlineOverrides, requiredVariableArgs, type StackJson } from './overrides';
import { planDifferences } from './compare-plans';
import { diagnosticLines, quotedProviderReferences, type Diagnostic } from './hcl-form';
import { seededState, type PlanJson, type ProviderSchemas } from './seed-state';
import { findProviderMirror, terraform, writeCliConfig, type TerraformResult } from './terraform-cli';

/** How one stack planned; `detail` holds Terraform's error output when it failed. */
export interface StackResult extends NodeResult {
  /** Seconds spent in each Terraform command (`init`, `plan`, `show`, ...), summed over both forms. */
  readonly commandSeconds?: Readonly<Record<string, number>>;
}

export interface OfflinePlanOptions {
  /** Project root (holds cdktf.json). */
  readonly root: string;
  /** Use this JSON synth instead of synthesizing (a `cdktf.out`-shaped directory). */
  readonly synthDir?: string;
  /** Use this HCL synth (`synth --hcl`) instead of synthesizing one. */
  readonly hclSynthDir?: string;
  /** Stacks planned at once. @default 2 */
  readonly concurrency?: number;
  /** Told as each stack starts and finishes. */
  readonly watcher?: Watcher;
}

interface Manifest {
  readonly stacks: Record<string, { dependencies: string[]; workingDirectory: string }>;
}

/**
 * Synthesizes the app in both forms (JSON, and HCL as `synth --hcl` writes it) and, for every
 * stack, runs `terraform init`, then `plan` of each form with no AWS credentials and no network:
 * providers from the filesystem mirror, state in the AWS emulator's S3 on loopback, and the
 * producer stacks' outputs pushed to that state before their consumers plan.
 * A stack passes when neither form draws a warning, the HCL is fmt-clean with no quoted provider
 * reference, and both forms plan the same (compare-plans.ts).
 */
export async function offlinePlan(options: OfflinePlanOptions): Promise<StackResult[]> {
  const workDir = mkdtempSync(join(tmpdir(), 'offline-plan-'));
  // The emulator boots (a few seconds of Python imports) while the app is synthesized.
  const emulatorStarting = startEmulator();
  let emulator: Emulator | undefined;
  // Terraform and the synth are killed on a signal before the work directory goes (see
  // startTierRun); the emulator stops itself.
  const removeWorkDir = () => rmSync(workDir, { recursive: true, force: true, maxRetries: 3 });
  const endRun = startTierRun(removeWorkDir);
  try {
    // Both forms at once; when one fails, the other finishes before the work directory goes.
    const synths = await Promise.allSettled([
      options.synthDir
        ? resolve(options.synthDir)
        : synthesizeInBackground(options.root, join(workDir, 'out')),
      options.hclSynthDir
        ? resolve(options.hclSynthDir)
        : synthesizeInBackground(options.root, join(workDir, 'out-hcl'), { SYNTH_HCL_OUTPUT: 'true' }),
    ]);
    const [outDir, hclDir] = synths.map((synth) => {
      if (synth.status === 'rejected') throw synth.reason;
      return synth.value;
    });
    const manifest = JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8')) as Manifest;
    const stacks = Object.fromEntries(
      Object.entries(manifest.stacks).map(([name, entry]) => [
        name,
        {
          dependencies: entry.dependencies,
          jsonDir: join(outDir, entry.workingDirectory),
          hclFile: join(hclDir, entry.workingDirectory, 'cdk.tf'),
          json: JSON.parse(
            readFileSync(join(outDir, entry.workingDirectory, 'cdk.tf.json'), 'utf8'),
          ) as StackJson,
        },
      ]),
    );

    emulator = await emulatorStarting;
    for (const { bucket, region } of stateBuckets(Object.values(stacks).map((s) => s.json))) {
      await createBucket(emulator, bucket, region);
    }
    const env: NodeJS.ProcessEnv = {
      ...withoutAwsCredentials(process.env),
      TF_CLI_CONFIG_FILE: writeCliConfig(join(workDir, 'terraform.rc'), findProviderMirror()),
      TF_DATA_DIR: undefined,
      // A provider that assumes a role (aws.dns) asks the emulator's STS (see overrides.ts).
      AWS_ENDPOINT_URL_STS: emulator.insecureEndpoint,
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
      cpSync(stack.jsonDir, dir, { recursive: true });
      writeFileSync(join(dir, OVERRIDE_FILE), JSON.stringify(offlineOverrides(stack.json, target), null, 2));
      const commandSeconds: Record<string, number> = {};
      const run = async (args: string[]) => {
        const finished = await terraform(dir, args, env);
        const command = commandName(args);
        commandSeconds[command] = (commandSeconds[command] ?? 0) + finished.seconds;
        return finished;
      };
      const result = (ok: boolean, summary: string, detail?: string): StackResult => ({
        stack: name,
        ok,
        summary,
        seconds: (Date.now() - started) / 1000,
        commandSeconds,
        ...(detail ? { detail } : {}),
      });

      const init = await run(['init', '-input=false', '-no-color', '-lockfile=readonly']);
      if (init.code !== 0) return result(false, 'terraform init failed', output(init));
      const variables = requiredVariableArgs(stack.json);
      const jsonForm = await planForm(run, 'json', variables);
      if (jsonForm.failed)
        return result(false, `JSON form: ${jsonForm.failed}`, jsonForm.problems.join('\n'));

      // The HCL form is planned in the same directory, with the same providers and backend, in
      // place of the JSON (Terraform would load both and see every resource twice). It is not
      // initialised again: an HCL whose backend or provider requirements differed from the JSON's
      // would make plan fail ("Backend initialization required", inconsistent lock file).
      rmSync(join(dir, 'cdk.tf.json'));
      cpSync(stack.hclFile, join(dir, 'cdk.tf'));
      const failures: string[] = [];
      const details: string[] = [];
      const check = (failure: string | undefined, lines: readonly string[]) => {
        if (failure === undefined || lines.length === 0) return;
        failures.push(failure);
        details.push(`${failure}:`, ...lines.map((line) => `  ${line}`));
      };
      const quoted = quotedProviderReferences(readFileSync(stack.hclFile, 'utf8'));
      check('quoted provider reference', quoted);
      check('not terraform fmt-clean', await fmtDiff(run));
      const hclForm = await planForm(run, 'hcl', variables);
      check(hclForm.failed, hclForm.problems.length > 0 ? hclForm.problems : ['(terraform printed nothing)']);
      if (hclForm.plan) {
        const differences = planDifferences(jsonForm.plan, hclForm.plan);
        check('plans differently from the JSON form', differences);
      }
      if (failures.length > 0) return result(false, `HCL form: ${failures.join('; ')}`, details.join('\n'));

      if (consumers.has(name)) {
        schemas ??= run(['providers', 'schema', '-json']).then((r) => {
          if (r.code !== 0) throw new Error(`terraform providers schema failed: ${r.stderr}`);
          return JSON.parse(r.stdout) as ProviderSchemas;
        });
        const region = String(stack.json.provider?.aws?.[0]?.region ?? 'us-east-1');
        const state = seededState(jsonForm.plan as PlanJson, await schemas, region);
        writeFileSync(join(dir, 'seeded.tfstate'), JSON.stringify(state, null, 2));
        const pushed = await run(['state', 'push', 'seeded.tfstate']);
        if (pushed.code !== 0) return result(false, 'terraform state push failed', output(pushed));
      }
      return result(true, `${jsonForm.summary} HCL plans the same.`);
    };

    return await runInDependencyOrder(
      Object.fromEntries(Object.entries(stacks).map(([n, s]) => [n, s.dependencies])),
      planStack,
      options.concurrency ?? 2,
      options.watcher,
    );
  } finally {
    endRun();
    await (emulator ?? (await emulatorStarting.catch(() => undefined)))?.stop();
    removeWorkDir();
  }
}

/**
 * `synthesize` without blocking: the plan tier makes both forms at once (3.6 s instead of 6.6 s
 * one after the other, on two cores).
 */
export async function synthesizeInBackground(
  root: string,
  outDir: string,
  env: NodeJS.ProcessEnv = {},
): Promise<string> {
  const synth = synthCommand(root, outDir, env);
  const { code } = await runCommand('sh', ['-c', synth.app], {
    cwd: root,
    env: synth.env,
    stdio: SYNTH_STDIO,
  });
  if (code !== 0) throw new Error(`synth into ${outDir} failed (exit ${code})`);
  if (synth.hcl) formatHcl(outDir);
  return outDir;
}

interface FormResult {
  /** `terraform show -json` of the plan; undefined when the plan failed. */
  readonly plan?: unknown;
  /** "Plan: 45 to add, 0 to change, 0 to destroy." */
  readonly summary: string;
  /** The step that failed, if one did. */
  readonly failed?: string;
  /** The plan's errors and warnings, or the failed step's output. */
  readonly problems: string[];
}

/**
 * Plans the configuration in the directory as it is, and shows the plan as JSON. A warning fails
 * the form as an error does: a team that owns the files sees them on every run, and a deprecation
 * warning today is an error in a later Terraform. The plan validates the configuration first and
 * reports what `terraform validate` would (checked in testbed/__tests__/e2e/plan-diagnostics.test.ts), so
 * there is no separate validate run: one provider start less per stack.
 */
async function planForm(
  run: (args: string[]) => Promise<TerraformResult>,
  form: 'json' | 'hcl',
  variables: readonly string[],
): Promise<FormResult> {
  const planFile = `${form}.tfplan`;
  const planned = await run(['plan', '-json', '-input=false', `-out=${planFile}`, ...variables]);
  const { diagnostics, summary } = readPlanLog(planned.stdout);
  const problems = diagnosticLines(diagnostics);
  if (planned.code !== 0) {
    return {
      failed: 'terraform plan failed',
      problems: problems.length > 0 ? problems : [output(planned)],
      summary: '',
    };
  }
  const shown = await run(['show', '-json', planFile]);
  if (shown.code !== 0) {
    return { failed: 'terraform show failed', problems: [...problems, output(shown)], summary };
  }
  return {
    plan: JSON.parse(shown.stdout),
    summary,
    problems,
    ...(problems.length > 0 ? { failed: 'terraform plan warned' } : {}),
  };
}

/**
 * The diagnostics of a `terraform plan -json` log, each once (the validate and plan walks can
 * report the same warning twice), and its summary line.
 */
export function readPlanLog(log: string): { diagnostics: Diagnostic[]; summary: string } {
  const diagnostics = new Map<string, Diagnostic>();
  let summary = 'planned (no summary line)';
  for (const line of log.split('\n')) {
    if (!line.startsWith('{')) continue;
    const message = JSON.parse(line) as {
      type: string;
      '@message'?: string;
      diagnostic?: Diagnostic;
    };
    if (message.type === 'diagnostic' && message.diagnostic) {
      const d = message.diagnostic;
      diagnostics.set(JSON.stringify([d.severity, d.summary, d.range?.filename, d.range?.start.line]), d);
    } else if (message.type === 'change_summary' && message['@message']) {
      summary = message['@message'];
    }
  }
  return { diagnostics: [...diagnostics.values()], summary };
}

/** `terraform fmt -check` of cdk.tf: nothing when clean, else the diff it wants, line by line. */
async function fmtDiff(run: (args: string[]) => Promise<TerraformResult>): Promise<string[]> {
  const checked = await run(['fmt', '-check', '-diff', '-no-color', 'cdk.tf']);
  return checked.code === 0 ? [] : output(checked).split('\n');
}

/** `init`, `plan`, `state push`: the command without its flags and files. */
export function commandName(args: readonly string[]): string {
  const words = args.filter((a) => !a.startsWith('-'));
  return ['state', 'providers'].includes(words[0]) ? words.slice(0, 2).join(' ') : (words[0] ?? '');
}

function output(result: TerraformResult): string {
  return (result.stderr || result.stdout).trim();
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
