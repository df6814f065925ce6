import type { TerraformStack } from 'cdktf';
import { AppView, WholeStackAspect } from '../core';
import { findings, type Finding } from './checks';
import type { Quota } from './quotas';
import { raisedQuotaProblems } from './validation';

/** The synthesized app would exceed an AWS limit: a finding for the user, not a crash. */
export class LimitExceededError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LimitExceededError';
  }
}

export interface ServiceLimitsProps {
  /**
   * Adjustable quotas raised for the accounts this app deploys to, by quota ID:
   * `{ 'IAM-TRUST-SIZE': 4096 }` once Service Quotas has granted it.
   * @default {} (every quota at AWS's default)
   */
  readonly raised?: Readonly<Record<string, number>>;
}

/**
 * Measures every policy document and counted thing of a stack against the AWS limit on it
 * (quotas.ts, each with its source) and fails synthesis with one error listing every excess, each
 * naming the resource, what was measured and the limit. `Aspects.of(stack).add(new ServiceLimits())`
 * on every stack, as with the security rules: CDKTF 0.21 invokes aspects per stack, so aspects on
 * the App never run.
 *
 * Terraform cannot catch these: a plan shows the policy only as "known after apply", and AWS
 * refuses it half-way through an apply, after other resources have changed.
 */
export class ServiceLimits extends WholeStackAspect {
  private readonly raised: Readonly<Record<string, number>>;

  constructor(props: ServiceLimitsProps = {}) {
    super();
    const raised = props.raised ?? {};
    const [problem] = raisedQuotaProblems(raised);
    if (problem) throw new Error(problem);
    this.raised = { ...raised };
  }

  /** The limit in force: AWS's default, or what it was raised to. */
  public limitOf(quota: Quota): number {
    return this.raised[quota.id] ?? quota.limit;
  }

  protected check(stack: TerraformStack): void {
    const app = AppView.of(stack);
    const found = findings(app.view(stack), app, (q) => this.limitOf(q));
    if (found.length === 0) return;
    throw new LimitExceededError(
      `AWS limits exceeded in stack "${stack.node.id}" (${found.length}):\n` +
        found.map((f) => `  - ${this.describe(f)}`).join('\n') +
        '\nChange the resource (docs/aws-limits.md says how each limit is measured and where it is documented), ' +
        'or, for an adjustable quota, raise it with AWS and pass it to ServiceLimits({ raised }).',
    );
  }

  private describe(f: Finding): string {
    const where = `${f.element.path} (${f.element.address})`;
    const what = f.subject ? `${f.quota.what}, ${f.subject}` : f.quota.what;
    const source = `[${f.quota.source.title}: ${f.quota.source.url}]`;
    if ('unmeasurable' in f.measurement) {
      return `${where}: ${f.quota.id} ${what} cannot be measured at synth: ${f.measurement.unmeasurable} ${source}`;
    }
    const { size, estimated, unknown } = f.measurement;
    const unit = f.quota.unit === 'count' ? '' : ` ${f.quota.unit}`;
    const limit = this.limitOf(f.quota);
    const raised =
      limit !== f.quota.limit
        ? ' (as raised)'
        : f.quota.adjustable
          ? ` (default quota; adjustable ${f.quota.adjustable})`
          : '';
    const estimates =
      estimated > 0
        ? ` (${estimated} reference(s) counted at their longest${unknown > 0 ? `, ${unknown} of them unrecognised at 2048 characters` : ''})`
        : '';
    return `${where}: ${f.quota.id} ${what} is ${format(size)}${unit}${estimates}, over the limit of ${format(limit)}${unit}${raised} ${source}`;
  }
}

function format(n: number): string {
  return n.toLocaleString('en-US');
}
