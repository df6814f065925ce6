import type { TerraformStack } from 'cdktf';
import { WholeStackAspect } from '../core/whole-stack-aspect';
import { AppView } from '../core/app-view';
import { findings, measurements, type Finding } from './checks';
import { ALL_QUOTAS, type Quota } from './quotas';

export { QUOTAS, ALL_QUOTAS, type Quota, type Unit } from './quotas';
export { AppView, StackView } from '../core/app-view';
export { measureDocument, renderDocument, type Measurement } from './documents';
export { UNKNOWN_REFERENCE_LENGTH } from './references';
export type { Finding } from './checks';

/**
 * Every limited thing of a stack with its measured size or count (whether over its limit or not),
 * for tests and reports; the stack must belong to an app whose stacks are prepared for synthesis.
 */
export function measureStack(stack: TerraformStack): Finding[] {
  const app = AppView.of(stack);
  return measurements(app.view(stack), app);
}

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
    for (const [id, value] of Object.entries(raised)) {
      const quota = ALL_QUOTAS.find((q) => q.id === id);
      if (!quota)
        throw new Error(
          `ServiceLimits: unknown quota ${id}; known: ${ALL_QUOTAS.map((q) => q.id).join(', ')}`,
        );
      if (!quota.adjustable) throw new Error(`ServiceLimits: ${id} (${quota.what}) is not adjustable`);
      if (!(value > quota.limit))
        throw new Error(`ServiceLimits: ${id} raised to ${value}, not above ${quota.limit}`);
    }
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
