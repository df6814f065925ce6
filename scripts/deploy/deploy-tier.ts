import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { environments } from '../../envs';
import type { EnvironmentConfig } from '../../envs/types';
import { startEmulator, type Emulator } from '../emulator/moto';
import { runInDependencyOrder } from '../plan/offline-plan';
import { findProviderMirror, writeCliConfig } from '../plan/terraform-cli';
import { writeAwsProfiles } from './accounts';
import { runCommand, type CommandResult } from './command';
import { reconcile } from './emulator-diffs';
import { EMULATOR_OVERRIDE_FILE, emulatorOverride } from './overrides';
import { plannedChanges, type PlanJson, type PlannedChange } from './plan-changes';
import {
  accountOf,
  defaultProvider,
  protectedResources,
  requiredVariables,
  type StackJson,
} from './stack-json';
import { webIdentityChecks } from './web-identity';
import { copyRepository } from './workspace';

export interface DeployTierOptions {
  /** Repository root. */
  readonly root: string;
  /** Commands (deploys, plans, destroys) run at once. @default 3 */
  readonly concurrency?: number;
  /** Value of every required variable (the services' `image_tag`). @default 'release-1.4.0' */
  readonly imageTag?: string;
  /** Receives a line as each step ends. */
  readonly log?: (line: string) => void;
}

/** One step of one stack (deploy, re-plan, destroy), or one check. */
export interface Step {
  readonly ok: boolean;
  readonly summary: string;
  readonly seconds: number;
  readonly detail?: string;
}

export type Phase = 'deploy' | 'replan' | 'destroy';

export interface StackOutcome {
  readonly stack: string;
  readonly account: string;
  readonly steps: Partial<Record<Phase, Step>>;
}

export interface DeployTierResult {
  readonly stacks: readonly StackOutcome[];
  /** Checks beside the stacks' own steps. */
  readonly checks: readonly (Step & { readonly name: string })[];
  readonly seconds: number;
  /** Full output of every command, kept when something failed. */
  readonly logDir?: string;
}

interface Manifest {
  readonly stacks: Record<string, { readonly dependencies: string[]; readonly workingDirectory: string }>;
}

/** Resource types that hold data; a protected stack's refusal must name each of them it has. */
const DATA_RESOURCE_TYPES = ['aws_rds_cluster', 'aws_s3_bucket', 'aws_route53_zone', 'aws_ecr_repository'];
const VERB: Record<Phase, string> = { deploy: 'deployed', replan: 're-planned', destroy: 'destroyed' };

/**
 * The deploy tier: the app deployed to the AWS emulator the way the README deploys it, every stack
 * with credentials for its own account, then re-planned (no change may remain that the reviewed
 * emulator-diff list does not explain), then destroyed in reverse order, where every protected
 * (`prevent_destroy`) stack must be refused and stay intact.
 *
 * Steps form one graph, so independent work overlaps: an environment's stacks are re-planned once
 * they and everything that reads them are deployed, and destroyed once everything that reads them
 * is gone; the shared stacks come last.
 */
export async function deployTier(options: DeployTierOptions): Promise<DeployTierResult> {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  const imageTag = options.imageTag ?? 'release-1.4.0';
  const logDir = mkdtempSync(join(tmpdir(), 'deploy-tier-logs-'));

  const emulator = await startEmulator({ logFile: join(logDir, 'emulator.log') });
  const checkout = copyRepository(options.root, 'deploy-tier-');
  try {
    log(`emulator: moto on ${emulator.endpoint} (TLS; clients trust its CA through AWS_CA_BUNDLE)`);
    const cliConfig = writeCliConfig(join(checkout, 'terraform.rc'), findProviderMirror());
    const baseEnv = userEnvironment(process.env, emulator, cliConfig);

    const synth = await runCommand('npm', ['run', 'synth'], { cwd: checkout, env: baseEnv });
    if (synth.code !== 0) throw new Error(`npm run synth failed:\n${synth.output}`);
    const app = readApp(join(checkout, 'cdktf.out'));
    log(`synthesized ${app.names.length} stacks with npm run synth (${synth.seconds.toFixed(1)}s)`);
    for (const name of app.names) {
      writeFileSync(
        join(app.dirOf(name), EMULATOR_OVERRIDE_FILE),
        JSON.stringify(emulatorOverride(app.json[name]), null, 2),
      );
    }

    const accounts = Object.fromEntries(app.names.map((n) => [n, accountOf(app.json[n], n)]));
    const region = String(defaultProvider(app.json[app.names[0]], app.names[0]).region);
    const profiles = writeAwsProfiles(checkout, Object.values(accounts), region);
    const envFor = (name: string, profileAccount = accounts[name]): NodeJS.ProcessEnv => ({
      ...baseEnv,
      AWS_CONFIG_FILE: profiles.configFile,
      AWS_SHARED_CREDENTIALS_FILE: profiles.credentialsFile,
      AWS_PROFILE: profiles.profileFor(profileAccount),
    });
    const run = async (
      label: string,
      command: string,
      args: string[],
      cwd: string,
      env: NodeJS.ProcessEnv,
    ) => {
      const result = await runCommand(command, args, { cwd, env });
      writeFileSync(join(logDir, `${label}.log`), `$ ${command} ${args.join(' ')}\n${result.output}`);
      return result;
    };

    const outcomes = new Map<string, StackOutcome>(
      app.names.map((n) => [n, { stack: n, account: accounts[n], steps: {} }]),
    );
    const checks: (Step & { name: string })[] = [];
    const allChanges: PlannedChange[] = [];
    const recordStep = (name: string, phase: Phase, step: Step): Step => {
      const outcome = outcomes.get(name)!;
      outcomes.set(name, { ...outcome, steps: { ...outcome.steps, [phase]: step } });
      log(
        `${step.ok ? 'ok  ' : 'FAIL'} ${VERB[phase].padEnd(10)} ${name.padEnd(16)} ${step.summary} (${step.seconds.toFixed(1)}s)`,
      );
      if (!step.ok && step.detail) log(step.detail.replace(/^/gm, '     | '));
      return step;
    };
    const recordCheck = (check: Step & { name: string }): Step => {
      checks.push(check);
      log(`${check.ok ? 'ok  ' : 'FAIL'} check      ${check.name}: ${check.summary}`);
      if (!check.ok && check.detail) log(check.detail.replace(/^/gm, '     | '));
      return check;
    };

    const variables = (name: string) => requiredVariables(app.json[name]);
    const npmRun = (verb: 'deploy' | 'destroy', name: string) => {
      const flags = userFlags(verb, app.reads[name].length > 0, variables(name), imageTag);
      return run(
        `${name}.${verb}`,
        'npm',
        ['run', verb, '--', name, ...flags, ...HARNESS_FLAGS],
        checkout,
        envFor(name),
      );
    };
    const replan = async (name: string, label: string): Promise<Step> => {
      const planned = await planChanges(
        app.dirOf(name),
        variables(name),
        imageTag,
        envFor(name),
        name,
        (l, c, a, d, e) => run(`${name}.${label}${l}`, c, a, d, e),
      );
      if ('error' in planned) return planned.error;
      allChanges.push(...planned.changes);
      return changesStep(planned.changes, planned.seconds);
    };

    const tasks: Record<string, { deps: string[]; run: () => Promise<Step> }> = {};
    for (const name of app.names) {
      tasks[`deploy:${name}`] = {
        deps: app.deployDeps[name].map((d) => `deploy:${d}`),
        run: async () =>
          recordStep(name, 'deploy', commandStep(await npmRun('deploy', name), 'apply complete')),
      };
      tasks[`replan:${name}`] = {
        deps: [name, ...app.readers(name)].map((s) => `deploy:${s}`),
        run: async () => recordStep(name, 'replan', await replan(name, 'replan')),
      };
      tasks[`destroy:${name}`] = {
        deps: [`replan:${name}`, ...app.directReaders(name).map((r) => `destroy:${r}`)],
        run: async () => recordStep(name, 'destroy', await destroy(name)),
      };
    }
    // Protections only deployed stacks can show: on the first stack outside the bucket's account,
    // and on a second one in yet another account.
    const bucketAccount = accounts[app.bootstrap[0]];
    const probe = app.names.find((n) => app.s3Backed(n) && accounts[n] !== bucketAccount);
    const neighbour = app.names.find(
      (n) => probe && app.s3Backed(n) && ![bucketAccount, accounts[probe]].includes(accounts[n]),
    );
    const protections: [string, string[], () => Promise<Step & { name: string }>][] = [];
    if (probe) {
      protections.push(['wrong-account', [probe], () => wrongAccountRefused(probe, bucketAccount)]);
      protections.push(['plain-http', [probe], () => plainHttpRefused(probe)]);
      if (neighbour)
        protections.push([
          'other-state',
          [probe, neighbour],
          () => otherStateRefused(neighbour, accounts[probe]),
        ]);
    }
    // The GitHub Actions roles, assumed through the emulator's STS with right and wrong tokens.
    for (const check of webIdentityChecks({
      names: app.names,
      json: app.json,
      accounts,
      workDir: logDir,
      python: process.env.EMULATOR_PYTHON ?? 'python3',
      run: (label, command, args, stack) => run(label, command, args, checkout, envFor(stack)),
    })) {
      protections.push([check.id, [check.stack], check.run]);
    }
    for (const [id, stacks, check] of protections) {
      tasks[`check:${id}`] = {
        deps: stacks.map((s) => `deploy:${s}`),
        run: async () => recordCheck(await check()),
      };
      for (const stack of stacks) tasks[`destroy:${stack}`].deps.push(`check:${id}`);
    }

    async function destroy(name: string): Promise<Step> {
      const expectation = destroyExpectation(name, app.json[name], environments);
      if ('problem' in expectation) return { ok: false, summary: expectation.problem, seconds: 0 };
      const result = await npmRun('destroy', name);
      if (expectation.protected.length === 0) {
        const step = commandStep(result, 'destroy complete');
        if (!step.ok) return step;
        const state = await run(
          `${name}.state-list`,
          'terraform',
          ['state', 'list'],
          app.dirOf(name),
          envFor(name),
        );
        return state.code === 0 && state.output.trim() === ''
          ? step
          : {
              ok: false,
              summary: 'resources left in state after destroy',
              seconds: step.seconds,
              detail: state.output,
            };
      }
      const refusal = refusalStep(result, expectation.protected, expectation.mustName);
      if (!refusal.ok) return refusal;
      const intact = await replan(name, 'intact');
      return {
        ok: intact.ok,
        summary: `${refusal.summary}; ${intact.ok ? 'intact: re-planned with no changes' : intact.summary}`,
        seconds: refusal.seconds + intact.seconds,
        detail: intact.detail,
      };
    }

    async function wrongAccountRefused(
      stack: string,
      otherAccount: string,
    ): Promise<Step & { name: string }> {
      // The bucket's own account passes the backend, so only allowed_account_ids can refuse it.
      const result = await run(
        `check.wrong-account`,
        'terraform',
        ['plan', '-lock=false', '-input=false', '-no-color'],
        app.dirOf(stack),
        envFor(stack, otherAccount),
      );
      const ok = result.code !== 0 && /AWS account ID not allowed/i.test(result.output);
      return {
        name: `${stack} planned with account ${otherAccount}'s credentials is refused`,
        ok,
        summary: ok ? 'refused: AWS account ID not allowed' : `not refused (exit ${result.code})`,
        seconds: result.seconds,
        detail: ok ? undefined : tail(result.output),
      };
    }

    async function plainHttpRefused(stack: string): Promise<Step & { name: string }> {
      const env = { ...envFor(stack), AWS_ENDPOINT_URL: emulator.insecureEndpoint };
      const result = await run(
        `check.plain-http`,
        'terraform',
        ['plan', '-lock=false', '-input=false', '-no-color', '-refresh=false'],
        app.dirOf(stack),
        env,
      );
      const ok = result.code !== 0 && /StatusCode: 403/.test(result.output);
      return {
        name: `${stack}'s state read over plain HTTP is refused`,
        ok,
        summary: ok
          ? 'refused: 403 from the state bucket policy (aws:SecureTransport)'
          : `not refused (exit ${result.code})`,
        seconds: result.seconds,
        detail: ok ? undefined : tail(result.output),
      };
    }

    async function otherStateRefused(stack: string, otherAccount: string): Promise<Step & { name: string }> {
      // The state bucket policy grants each account its own keys only; S3 refuses the rest.
      const result = await run(
        `check.other-state`,
        'terraform',
        ['state', 'pull'],
        app.dirOf(stack),
        envFor(stack, otherAccount),
      );
      const ok = result.code !== 0 && /StatusCode: 403/.test(result.output);
      return {
        name: `${stack}'s state read with account ${otherAccount}'s credentials is refused`,
        ok,
        summary: ok ? 'refused: 403 from the state bucket policy' : `not refused (exit ${result.code})`,
        seconds: result.seconds,
        detail: ok ? undefined : tail(result.output),
      };
    }

    await runInDependencyOrder(
      Object.fromEntries(Object.entries(tasks).map(([id, task]) => [id, task.deps])),
      async (id) => {
        const step = await tasks[id].run();
        return { stack: id, ok: step.ok, summary: step.summary, seconds: step.seconds };
      },
      options.concurrency ?? 3,
    );

    // Every emulator-diff entry must still be needed (only meaningful when every stack was planned).
    if ([...outcomes.values()].every((o) => o.steps.replan)) {
      const { unused } = reconcile(allChanges);
      recordCheck({
        name: 'every entry of scripts/deploy/emulator-diffs.ts still occurs',
        ok: unused.length === 0,
        summary: unused.length === 0 ? 'yes' : `${unused.length} stale: remove them`,
        seconds: 0,
        detail: unused.map((e) => `${e.stacks} ${e.type}.${e.attribute}`).join('\n') || undefined,
      });
    }

    const stacks = app.names.map((n) => outcomes.get(n)!);
    const failed =
      stacks.some((s) => (['deploy', 'replan', 'destroy'] as const).some((p) => !s.steps[p]?.ok)) ||
      checks.some((c) => !c.ok);
    if (!failed && !process.env.DEPLOY_KEEP_LOGS) rmSync(logDir, { recursive: true, force: true });
    return {
      stacks,
      checks,
      seconds: (Date.now() - started) / 1000,
      logDir: failed || process.env.DEPLOY_KEEP_LOGS ? logDir : undefined,
    };
  } finally {
    await emulator.stop();
    rmSync(checkout, { recursive: true, force: true });
  }
}

/** The synthesized app: stack names, JSON, directories and who reads whom. */
function readApp(outDir: string) {
  const manifest = JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8')) as Manifest;
  const names = Object.keys(manifest.stacks).sort();
  const dirOf = (name: string) => join(outDir, manifest.stacks[name].workingDirectory);
  const json = Object.fromEntries(
    names.map((name) => [
      name,
      JSON.parse(readFileSync(join(dirOf(name), 'cdk.tf.json'), 'utf8')) as StackJson,
    ]),
  );
  // The README's order: stacks with local state (the bucket itself) first, then every stack after
  // the stacks it reads through remote state.
  const bootstrap = names.filter((n) => json[n].terraform?.backend?.local);
  const s3Backed = (n: string) => Boolean(json[n].terraform?.backend?.s3);
  const deployDeps = Object.fromEntries(
    names.map((n) => [
      n,
      [...new Set([...manifest.stacks[n].dependencies, ...(s3Backed(n) ? bootstrap : [])])],
    ]),
  );
  const reads = Object.fromEntries(names.map((n) => [n, manifest.stacks[n].dependencies]));
  const directReaders = (name: string) => names.filter((other) => deployDeps[other].includes(name));
  const readers = (name: string): string[] => {
    const direct = directReaders(name);
    return [...new Set([...direct, ...direct.flatMap(readers)])];
  };
  return { names, dirOf, json, bootstrap, s3Backed, reads, deployDeps, directReaders, readers };
}

/**
 * What destroying a stack must do. A stack with `prevent_destroy` resources must be refused, naming
 * at least the data it holds; one without must go completely. An environment whose config says
 * `protectData` must hold its database and access-log bucket under `prevent_destroy`, so a
 * construct that stops protecting them fails here, not in production.
 */
export function destroyExpectation(
  name: string,
  stack: StackJson,
  envs: readonly EnvironmentConfig[],
): { protected: string[]; mustName: string[] } | { problem: string } {
  const protectedAddresses = protectedResources(stack);
  const env = envs.find((e) => e.name === name);
  if (env?.protectData) {
    const data = Object.entries(stack.resource ?? {})
      .filter(
        ([type]) =>
          type === 'aws_rds_cluster' || (type === 'aws_s3_bucket' && env.loadBalancer.accessLogs.enabled),
      )
      .flatMap(([type, byName]) => Object.keys(byName).map((n) => `${type}.${n}`));
    const unprotected = data.filter((address) => !protectedAddresses.includes(address));
    if (data.length === 0 || unprotected.length > 0) {
      return {
        problem: `${name} sets protectData but ${unprotected.join(', ') || 'no database'} lacks prevent_destroy; not destroyed`,
      };
    }
  }
  return {
    protected: protectedAddresses,
    mustName: protectedAddresses.filter((address) => DATA_RESOURCE_TYPES.includes(address.split('.')[0])),
  };
}

/**
 * The environment a user has when following the README against the emulator: the standard AWS
 * variables point every SDK client at it and trust its CA; nothing of the machine's AWS or
 * Terraform settings leaks in. STS needs its own variable: Terraform's credential chain builds the
 * STS client that assumes a profile's role without reading `AWS_ENDPOINT_URL`.
 */
function userEnvironment(env: NodeJS.ProcessEnv, emulator: Emulator, cliConfig: string): NodeJS.ProcessEnv {
  const clean = Object.fromEntries(
    Object.entries(env).filter(([key]) => !/^(AWS_|TF_)/.test(key) || key === 'TF_PROVIDER_MIRROR'),
  );
  return {
    ...clean,
    AWS_ENDPOINT_URL: emulator.endpoint,
    AWS_ENDPOINT_URL_STS: emulator.endpoint,
    AWS_CA_BUNDLE: emulator.caBundle,
    AWS_EC2_METADATA_DISABLED: 'true',
    TF_CLI_CONFIG_FILE: cliConfig,
    // cdktf points Terraform at a machine-wide plugin cache, which Terraform documents as unsafe
    // for concurrent `init` (seen here: "mkdir .../plugin-cache/...: file exists"). The mirror is
    // an unpacked directory, so without the cache init links the provider from it directly.
    CDKTF_DISABLE_PLUGIN_CACHE_ENV: 'true',
    TF_IN_AUTOMATION: '1',
    CHECKPOINT_DISABLE: '1',
    FORCE_COLOR: '0',
  };
}

/**
 * The flags the README's `npm run deploy|destroy -- <stack> ...` carries for a stack: a stack that
 * reads others is deployed on its own, after them, so cdktf must not insist on deploying them too
 * (and a destroy, likewise, on the stacks that read it); required variables are passed.
 */
export function userFlags(
  verb: 'deploy' | 'destroy',
  readsOtherStacks: boolean,
  variables: readonly string[],
  value: string,
): string[] {
  return [
    ...(verb === 'destroy' || readsOtherStacks ? ['--ignore-missing-stack-dependencies'] : []),
    ...variables.map((v) => `--var=${v}=${value}`),
  ];
}

/**
 * What the tier adds to the README's command, as a person would at the keyboard: approve, and act
 * on the synth already written (which carries the emulator override). `--skip-provider-lock`: cdktf
 * would ask the registry for other platforms' checksums, which an offline machine cannot reach; the
 * provider itself comes from the mirror.
 */
export const HARNESS_FLAGS = ['--skip-synth', '--skip-provider-lock', '--auto-approve', '--no-color'];

async function planChanges(
  dir: string,
  variables: readonly string[],
  value: string,
  env: NodeJS.ProcessEnv,
  stack: string,
  run: (
    label: string,
    command: string,
    args: string[],
    cwd: string,
    env: NodeJS.ProcessEnv,
  ) => Promise<CommandResult>,
): Promise<{ changes: PlannedChange[]; seconds: number } | { error: Step }> {
  const args = ['plan', '-detailed-exitcode', '-input=false', '-no-color', '-out=replan.tfplan'];
  const plan = await run('', 'terraform', [...args, ...variables.map((v) => `-var=${v}=${value}`)], dir, env);
  if (plan.code === 0) return { changes: [], seconds: plan.seconds };
  if (plan.code !== 2) {
    return {
      error: {
        ok: false,
        summary: `terraform plan exit ${plan.code}`,
        seconds: plan.seconds,
        detail: tail(plan.output),
      },
    };
  }
  const shown = await run('-show', 'terraform', ['show', '-json', 'replan.tfplan'], dir, env);
  if (shown.code !== 0) {
    return {
      error: {
        ok: false,
        summary: 'terraform show failed',
        seconds: plan.seconds,
        detail: tail(shown.output),
      },
    };
  }
  return {
    changes: plannedChanges(stack, JSON.parse(shown.output) as PlanJson),
    seconds: plan.seconds + shown.seconds,
  };
}

function commandStep(result: CommandResult, expect: string): Step {
  const line = result.output.split('\n').find((l) => l.toLowerCase().includes(`${expect}!`));
  if (result.code === 0 && line) {
    return {
      ok: true,
      summary: line
        .replace(/^\s*\S+\s+/, '')
        .trim()
        .replace(/\s+/g, ' '),
      seconds: result.seconds,
    };
  }
  return {
    ok: false,
    summary: `exit ${result.code}, no "${expect}"`,
    seconds: result.seconds,
    detail: tail(result.output),
  };
}

/**
 * The destroy must fail with Terraform's prevent_destroy error. Terraform names the protected
 * resources it reaches first (a KMS key a protected cluster depends on is not reached), so: every
 * one it names is protected, and it names every data-holding one.
 */
export function refusalStep(
  result: CommandResult,
  protectedAddresses: readonly string[],
  mustName: readonly string[],
): Step {
  // Terraform wraps its messages, and cdktf adds the construct path after the address.
  const text = result.output.replace(/\s+/g, ' ');
  const named = [...text.matchAll(/Resource (\S+) (?:\([^)]*\) )?has lifecycle\.prevent_destroy set/g)].map(
    (m) => m[1],
  );
  const unexpected = named.filter((address) => !protectedAddresses.includes(address));
  const missing = mustName.filter((address) => !named.includes(address));
  const ok =
    result.code !== 0 &&
    text.includes('Instance cannot be destroyed') &&
    named.length > 0 &&
    unexpected.length === 0 &&
    missing.length === 0;
  return {
    ok,
    summary: ok
      ? `refused by prevent_destroy on ${[...new Set(named)].sort().join(', ')}`
      : `expected a prevent_destroy refusal naming ${mustName.join(', ') || protectedAddresses.join(', ')} (exit ${result.code}${missing.length ? `; missing ${missing.join(', ')}` : ''})`,
    seconds: result.seconds,
    detail: ok ? undefined : tail(result.output),
  };
}

function changesStep(changes: readonly PlannedChange[], seconds: number): Step {
  const { unexplained } = reconcile(changes);
  const known = changes.length - unexplained.length;
  if (unexplained.length > 0) {
    return {
      ok: false,
      summary: `${unexplained.length} change(s) not explained by scripts/deploy/emulator-diffs.ts`,
      seconds,
      detail: unexplained
        .map((c) => `${c.address}: ${c.attribute} (${c.actions.join('+')}) ${c.values ?? ''}`)
        .join('\n'),
    };
  }
  return {
    ok: true,
    summary: known > 0 ? `no changes but ${known} listed emulator diff(s)` : 'no changes',
    seconds,
  };
}

function tail(text: string, lines = 40): string {
  return text.trim().split('\n').slice(-lines).join('\n');
}
