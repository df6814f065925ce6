import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand, startTierRun } from '../process/tier-run';
import type { Watcher } from '../schedule/dependency-order';
import { startEmulator, type Emulator } from '../emulator/moto';
import { findProviderMirror, writeCliConfig } from '../plan/terraform-cli';
import { writeAwsProfiles } from './accounts';
import { readApp, type AppGraph } from './app-graph';
import { reconcile } from './emulator-diffs';
import { EMULATOR_OVERRIDE_FILE, emulatorOverride } from './overrides';
import { protections } from './protections';
import { COMMAND_TIMEOUT_SECONDS, DeploySession } from './session';
import { accountOf, defaultProvider } from './stack-json';
import type { Check, StackOutcome } from './steps';
import { runTasks, taskGraph } from './task-graph';
import { userEnvironment } from './user';
import { copyRepository } from './workspace';
import { environments, project } from '../../envs';
import { deliveryModel } from '../../scripts/workflows/model';
import { synthesizedRoles, type StackDocuments } from '../iam/synthesized-roles';
import { checkIamRequests } from './iam-check';

export type { Check, Phase, StackOutcome, Step } from './steps';

export interface DeployTierOptions {
  /** Repository root. */
  readonly root: string;
  /** Commands (deploys, plans, destroys) run at once. @default 3 */
  readonly concurrency?: number;
  /** Value of every required variable (the services' `image_tag`). @default 'release-1.4.0' */
  readonly imageTag?: string;
  /** Receives a line as each step ends. */
  readonly log?: (line: string) => void;
  /** Told as each step starts and ends. */
  readonly watcher?: Watcher;
}

export interface DeployTierResult {
  readonly stacks: readonly StackOutcome[];
  /** Checks beside the stacks' own steps. */
  readonly checks: readonly Check[];
  readonly seconds: number;
  /** Full output of every command, kept when something failed. */
  readonly logDir?: string;
}

/**
 * The deploy tier: the app deployed to the AWS emulator the way the README deploys it, every stack
 * with credentials for its own account, then re-planned (no change may remain that the reviewed
 * emulator-diff list does not explain), then destroyed in reverse order, where every protected
 * (`prevent_destroy`) stack must be refused and stay intact. Steps form one graph (see
 * `taskGraph`), so independent work overlaps.
 */
export async function deployTier(options: DeployTierOptions): Promise<DeployTierResult> {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  const logDir = mkdtempSync(join(tmpdir(), 'deploy-tier-logs-'));

  const emulator = await startEmulator({
    logFile: join(logDir, 'emulator.log'),
    requestLog: join(logDir, 'requests.jsonl'),
  });
  const checkout = copyRepository(options.root, 'deploy-tier-');
  const removeCheckout = () => rmSync(checkout, { recursive: true, force: true, maxRetries: 3 });
  // Terraform and the provider are killed on a signal before the checkout goes (see startTierRun);
  // the emulator stops itself.
  const endRun = startTierRun(() => {
    removeCheckout();
    log(`interrupted; output of every command so far: ${logDir}`);
  });
  try {
    log(`emulator: moto on ${emulator.endpoint} (TLS; clients trust its CA through AWS_CA_BUNDLE)`);
    const session = await prepare(checkout, emulator, logDir, options.imageTag ?? 'release-1.4.0', log);
    const graph = taskGraph(session, protections(session, emulator.insecureEndpoint));
    await runTasks(graph, options.concurrency ?? 3, options.watcher);
    checkEmulatorDiffs(session);
    await checkCiRequests(session, join(logDir, 'requests.jsonl'), log);
    return result(session, started);
  } finally {
    endRun();
    await emulator.stop();
    removeCheckout();
  }
}

/** The checkout as a README user has it after `npm run synth`, with a profile per account. */
async function prepare(
  checkout: string,
  emulator: Emulator,
  logDir: string,
  imageTag: string,
  log: (line: string) => void,
): Promise<DeploySession> {
  const cliConfig = writeCliConfig(join(checkout, 'terraform.rc'), findProviderMirror());
  const baseEnv = userEnvironment(process.env, emulator, cliConfig);
  const app = await synthesize(checkout, baseEnv, log);
  const accounts = Object.fromEntries(app.names.map((n) => [n, accountOf(app.json[n], n)]));
  const region = String(defaultProvider(app.json[app.names[0]], app.names[0]).region);
  const profiles = writeAwsProfiles(checkout, Object.values(accounts), region);
  const delivery = deliveryModel(join(checkout, 'cdktf.out'), project, environments);
  return new DeploySession({
    checkout,
    app,
    accounts,
    baseEnv,
    profiles,
    logDir,
    imageTag,
    delivery,
    region,
    log,
  });
}

/** `npm run synth` in the checkout, then the emulator override beside every stack. */
async function synthesize(
  checkout: string,
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): Promise<AppGraph> {
  const synth = await runCommand('npm', ['run', 'synth'], {
    cwd: checkout,
    env,
    timeoutSeconds: COMMAND_TIMEOUT_SECONDS,
  });
  if (synth.code !== 0) throw new Error(`npm run synth failed:\n${synth.output}`);
  const app = readApp(join(checkout, 'cdktf.out'));
  log(`synthesized ${app.names.length} stacks with npm run synth (${synth.seconds.toFixed(1)}s)`);
  for (const name of app.names) {
    writeFileSync(
      join(app.dirOf(name), EMULATOR_OVERRIDE_FILE),
      JSON.stringify(emulatorOverride(app.json[name]), null, 2),
    );
  }
  return app;
}

/**
 * Every request a CI role made, evaluated against that role's synthesized policies (iam-check.ts);
 * the roles are read from the administrator stacks, their references resolved as applied.
 */
async function checkCiRequests(
  session: DeploySession,
  requestLog: string,
  log: (line: string) => void,
): Promise<void> {
  const started = Date.now();
  const region = session.region;
  const administered = session.app.names.filter((n) => session.isAdministrator(n));
  const roles = administered.flatMap((name) =>
    synthesizedRoles(
      session.app.json[name] as StackDocuments,
      session.accounts[name],
      region,
      session.appliedValues.get(name),
    ),
  );
  const unreadable = roles.filter((r) => r.unresolved).map((r) => `${r.name}: ${r.unresolved}`);
  const result = await checkIamRequests(requestLog, new Map(roles.map((r) => [r.arn, r])));
  log(`iam: ${result.evaluated} requests by CI roles evaluated, ${result.denied.length} denied`);
  const problems = [
    ...unreadable.map((line) => `policies not readable: ${line}`),
    ...result.denied.map((line) => `denied: ${line}`),
    ...result.unexplained.map(
      (line) => `not evaluable, and not in testbed/deploy/iam-unresolved.ts: ${line}`,
    ),
    ...result.stale.map(
      (e) => `stale entry of testbed/deploy/iam-unresolved.ts: ${e.service}:${e.operation}`,
    ),
  ];
  session.recordCheck({
    name: 'every request of a CI role is allowed by its policies (iam-simulate)',
    ok: problems.length === 0 && result.evaluated > 0,
    summary:
      problems.length === 0
        ? `${result.evaluated} requests by CI roles evaluated, ${result.denied.length} denied`
        : `${result.denied.length} denied, ${result.unexplained.length} not evaluable, ${result.stale.length} stale, ${unreadable.length} unreadable`,
    seconds: (Date.now() - started) / 1000,
    detail: problems.join('\n') || undefined,
  });
}

function checkEmulatorDiffs(session: DeploySession): void {
  // Every emulator-diff entry must still be needed (only meaningful when every stack was planned).
  if (!session.stacks().every((o) => o.steps.replan)) return;
  const { unused } = reconcile(session.changes);
  session.recordCheck({
    name: 'every entry of testbed/deploy/emulator-diffs.ts still occurs',
    ok: unused.length === 0,
    summary: unused.length === 0 ? 'yes' : `${unused.length} stale: remove them`,
    seconds: 0,
    detail: unused.map((e) => `${e.stacks} ${e.type}.${e.attribute}`).join('\n') || undefined,
  });
}

/** The outcome; the commands' output is kept only when something failed (or DEPLOY_KEEP_LOGS asks). */
function result(session: DeploySession, started: number): DeployTierResult {
  const stacks = session.stacks();
  const failed =
    stacks.some((s) => (['deploy', 'replan', 'destroy'] as const).some((p) => !s.steps[p]?.ok)) ||
    session.checks.some((c) => !c.ok);
  const keepLogs = failed || Boolean(process.env.DEPLOY_KEEP_LOGS);
  if (!keepLogs) rmSync(session.logDir, { recursive: true, force: true });
  return {
    stacks,
    checks: session.checks,
    seconds: (Date.now() - started) / 1000,
    logDir: keepLogs ? session.logDir : undefined,
  };
}
