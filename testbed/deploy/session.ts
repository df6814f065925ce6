import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { environments } from '../../envs';
import { MAIN_BRANCH } from '../../envs/derive';
import type { DeliveryModel, StackModel } from '../../scripts/workflows/model';
import { ciEnvironment, type CiJob } from './ci-identity';
import type { AwsProfiles } from './accounts';
import type { AppGraph } from './app-graph';
import { runCommand } from '../process/tier-run';
import { plannedChanges, type PlanJson, type PlannedChange } from './plan-changes';
import { requiredVariables } from './stack-json';
import {
  changesStep,
  commandStep,
  destroyExpectation,
  refusalStep,
  tail,
  type Check,
  type CommandResult,
  type Phase,
  type StackOutcome,
  type Step,
} from './steps';
import { HARNESS_FLAGS, userFlags } from './user';

export interface SessionOptions {
  /** The fresh checkout, synthesized, with the emulator override beside every stack. */
  readonly checkout: string;
  readonly app: AppGraph;
  /** Each stack's account (its `allowed_account_ids`). */
  readonly accounts: Readonly<Record<string, string>>;
  /** The README user's environment, before a profile is chosen. */
  readonly baseEnv: NodeJS.ProcessEnv;
  readonly profiles: AwsProfiles;
  /** Where each command's full output goes, one file per command. */
  readonly logDir: string;
  /** Value of every required variable. */
  readonly imageTag: string;
  /** Who applies each stack, as the generated workflows say (scripts/workflows/model.ts). */
  readonly delivery: DeliveryModel;
  readonly region: string;
  readonly log: (line: string) => void;
}

/** The scripts the workflows' plan and apply jobs run, in the stack's directory. */
const PLAN_SCRIPT = 'scripts/delivery/plan.sh';
const APPLY_SCRIPT = 'scripts/delivery/apply.sh';

/**
 * A deploy-tier command still running after this long is killed, with everything it started: a
 * stack's deploy or destroy takes minutes at most, and a hung one would otherwise hold the tier.
 */
export const COMMAND_TIMEOUT_SECONDS = 900;

const VERB: Record<Phase, string> = { deploy: 'deployed', replan: 're-planned', destroy: 'destroyed' };

/**
 * One run of the deploy tier: runs each stack's steps as the README user would, with credentials
 * for the stack's own account, and records what each step and check showed.
 */
export class DeploySession {
  readonly app: AppGraph;
  readonly accounts: Readonly<Record<string, string>>;
  readonly logDir: string;
  readonly checks: Check[] = [];
  /** Every change a re-plan showed, so the emulator-diff list can be checked for stale entries. */
  readonly changes: PlannedChange[] = [];
  private readonly outcomes: Map<string, StackOutcome>;

  constructor(private readonly options: SessionOptions) {
    this.app = options.app;
    this.accounts = options.accounts;
    this.logDir = options.logDir;
    this.outcomes = new Map(
      this.app.names.map((n) => [n, { stack: n, account: this.accounts[n], steps: {} }]),
    );
  }

  /** The user's environment acting in `profileAccount` (by default, the stack's own account). */
  envFor(name: string, profileAccount = this.accounts[name]): NodeJS.ProcessEnv {
    const { baseEnv, profiles } = this.options;
    return {
      ...baseEnv,
      AWS_CONFIG_FILE: profiles.configFile,
      AWS_SHARED_CREDENTIALS_FILE: profiles.credentialsFile,
      AWS_PROFILE: profiles.profileFor(profileAccount),
    };
  }

  /** Runs a command, keeping its full output in `<logDir>/<label>.log`. */
  async run(
    label: string,
    command: string,
    args: string[],
    cwd: string,
    env: NodeJS.ProcessEnv,
  ): Promise<CommandResult> {
    const result = await runCommand(command, args, { cwd, env, timeoutSeconds: COMMAND_TIMEOUT_SECONDS });
    writeFileSync(join(this.logDir, `${label}.log`), `$ ${command} ${args.join(' ')}\n${result.output}`);
    return result;
  }

  /**
   * A stack CI applies is deployed as CI deploys it (apply-stack.yml): planned by the plan job's
   * role and saved, then that plan applied by the deploy job's role, each with the token its job
   * would present. The `state` and administrator stacks are deployed as the README's one-time setup
   * says: by an administrator, with `npm run deploy`.
   */
  async deploy(name: string): Promise<Step> {
    const ci = this.ciStack(name);
    if (!ci) {
      const step = commandStep(await this.npmRun('deploy', name), 'apply complete');
      if (step.ok) await this.readAppliedValues(name);
      return step;
    }
    const dir = this.app.dirOf(name);
    const script = (path: string) => join(this.options.checkout, path);
    const imageTag = ci.requiredVariables.includes('image_tag') ? { IMAGE_TAG: this.options.imageTag } : {};
    const plan = await this.run(`${name}.plan`, script(PLAN_SCRIPT), [], dir, {
      ...this.ciEnv(name, 'plan'),
      ...imageTag,
      ...(ci.dnsRole ? { DNS_ROLE_ARN: ci.dnsRole.plan } : {}),
    });
    if (plan.code !== 0) {
      return {
        ok: false,
        summary: `plan as ${roleName(ci.planRoleArn)}: exit ${plan.code}`,
        seconds: plan.seconds,
        detail: tail(plan.output),
      };
    }
    const apply = await this.run(`${name}.apply`, script(APPLY_SCRIPT), [], dir, {
      ...this.ciEnv(name, 'apply'),
      ...(ci.dnsRole ? { DNS_ROLE_ARN: ci.dnsRole.apply } : {}),
    });
    if (apply.code !== 0) {
      return {
        ok: false,
        summary: `apply as ${roleName(ci.apply!.roleArn)}: exit ${apply.code}`,
        seconds: plan.seconds + apply.seconds,
        detail: tail(apply.output),
      };
    }
    const applied = apply.output.split('\n').find((line) => /^Apply complete!/.test(line)) ?? 'exit 0';
    return {
      ok: true,
      summary: `${applied.trim()} (planned as ${roleName(ci.planRoleArn)}, applied as ${roleName(ci.apply!.roleArn)})`,
      seconds: plan.seconds + apply.seconds,
    };
  }

  /**
   * What Terraform resolved the stack's references to, as `${type.name.attribute}` -> value, read
   * from its state after the deploy: the policies of its roles name some (a zone's ARN).
   */
  readonly appliedValues = new Map<string, Record<string, string>>();

  private async readAppliedValues(name: string): Promise<void> {
    const shown = await this.run(
      `${name}.show`,
      'terraform',
      ['show', '-json'],
      this.app.dirOf(name),
      this.envFor(name),
    );
    if (shown.code !== 0) return;
    const state = JSON.parse(shown.output) as {
      values?: { root_module?: { resources?: { address: string; values?: Record<string, unknown> }[] } };
    };
    const values: Record<string, string> = {};
    for (const resource of state.values?.root_module?.resources ?? []) {
      for (const [attribute, value] of Object.entries(resource.values ?? {})) {
        if (typeof value === 'string') values[`\${${resource.address}.${attribute}}`] = value;
      }
    }
    this.appliedValues.set(name, values);
  }

  get region(): string {
    return this.options.region;
  }

  /** An administrator stack (the account's identities), applied by hand. */
  isAdministrator(name: string): boolean {
    return this.options.delivery.stacks.some((s) => s.name === name && s.kind === 'administrator');
  }

  /** How CI applies the stack, or undefined for the stacks an administrator applies by hand. */
  ciStack(name: string): StackModel | undefined {
    return this.options.delivery.stacks.find((s) => s.name === name && s.apply);
  }

  /** The environment of the CI job that plans (`plan`) or applies (`apply`) the stack. */
  ciEnv(name: string, job: 'plan' | 'apply'): NodeJS.ProcessEnv {
    const stack = this.ciStack(name)!;
    const repository = this.options.delivery.repository;
    const ci: CiJob =
      job === 'plan'
        ? { roleArn: stack.planRoleArn, job: { repository, branch: MAIN_BRANCH }, label: `plan-${name}` }
        : {
            roleArn: stack.apply!.roleArn,
            job: { repository, environment: stack.apply!.githubEnvironment },
            label: `apply-${name}`,
          };
    return ciEnvironment(this.options.baseEnv, ci, this.logDir, this.options.region);
  }

  /** Plans the deployed stack again: no change may remain that the emulator-diff list does not explain. */
  async replan(name: string, label = 'replan'): Promise<Step> {
    const planned = await this.planChanges(name, label);
    if ('error' in planned) return planned.error;
    this.changes.push(...planned.changes);
    return changesStep(planned.changes, planned.seconds);
  }

  async destroy(name: string): Promise<Step> {
    const expectation = destroyExpectation(name, this.app.json[name], environments);
    if ('problem' in expectation) return { ok: false, summary: expectation.problem, seconds: 0 };
    const result = await this.npmRun('destroy', name);
    if (expectation.protected.length === 0) {
      return this.emptied(name, commandStep(result, 'destroy complete'));
    }
    return this.intact(name, refusalStep(name, result, expectation.protected, expectation.mustName));
  }

  recordStep(name: string, phase: Phase, step: Step): Step {
    const outcome = this.outcomes.get(name)!;
    this.outcomes.set(name, { ...outcome, steps: { ...outcome.steps, [phase]: step } });
    this.options.log(
      `${step.ok ? 'ok  ' : 'FAIL'} ${VERB[phase].padEnd(10)} ${name.padEnd(16)} ${step.summary} (${step.seconds.toFixed(1)}s)`,
    );
    if (!step.ok && step.detail) this.options.log(step.detail.replace(/^/gm, '     | '));
    return step;
  }

  recordCheck(check: Check): Step {
    this.checks.push(check);
    this.options.log(`${check.ok ? 'ok  ' : 'FAIL'} check      ${check.name}: ${check.summary}`);
    if (!check.ok && check.detail) this.options.log(check.detail.replace(/^/gm, '     | '));
    return check;
  }

  /** Every stack's outcome so far, in the app's order. */
  stacks(): StackOutcome[] {
    return this.app.names.map((n) => this.outcomes.get(n)!);
  }

  /** The README's `npm run deploy|destroy -- <stack> ...`, run in the checkout. */
  private npmRun(verb: 'deploy' | 'destroy', name: string): Promise<CommandResult> {
    const flags = userFlags(
      verb,
      this.app.reads[name].length > 0,
      this.variables(name),
      this.options.imageTag,
    );
    return this.run(
      `${name}.${verb}`,
      'npm',
      ['run', verb, '--', name, ...flags, ...HARNESS_FLAGS],
      this.options.checkout,
      this.envFor(name),
    );
  }

  private variables(name: string): string[] {
    return requiredVariables(this.app.json[name]);
  }

  private async planChanges(
    name: string,
    label: string,
  ): Promise<{ changes: PlannedChange[]; seconds: number } | { error: Step }> {
    const dir = this.app.dirOf(name);
    // As the deploy job's role would plan it (it reads every resource to refresh), else the admin's.
    const env = this.ciStack(name) ? this.ciEnv(name, 'apply') : this.envFor(name);
    const args = ['plan', '-detailed-exitcode', '-input=false', '-no-color', '-out=replan.tfplan'];
    const vars = this.variables(name).map((v) => `-var=${v}=${this.options.imageTag}`);
    const plan = await this.run(`${name}.${label}`, 'terraform', [...args, ...vars], dir, env);
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
    const show = ['show', '-json', 'replan.tfplan'];
    const shown = await this.run(`${name}.${label}-show`, 'terraform', show, dir, env);
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
      changes: plannedChanges(name, JSON.parse(shown.output) as PlanJson),
      seconds: plan.seconds + shown.seconds,
    };
  }

  /** An unprotected stack's destroy must go completely: nothing may be left in its state. */
  private async emptied(name: string, step: Step): Promise<Step> {
    if (!step.ok) return step;
    const state = await this.run(
      `${name}.state-list`,
      'terraform',
      ['state', 'list'],
      this.app.dirOf(name),
      this.envFor(name),
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

  /** A protected stack's refused destroy must leave it as deployed: re-planned with no changes. */
  private async intact(name: string, refusal: Step): Promise<Step> {
    if (!refusal.ok) return refusal;
    const intact = await this.replan(name, 'intact');
    return {
      ok: intact.ok,
      summary: `${refusal.summary}; ${intact.ok ? 'intact: re-planned with no changes' : intact.summary}`,
      seconds: refusal.seconds + intact.seconds,
      detail: intact.detail,
    };
  }
}

/** `arn:...:role/delivery/webapp-dev-plan` -> `webapp-dev-plan`. */
function roleName(arn: string): string {
  return arn.split('/').pop() ?? arn;
}
