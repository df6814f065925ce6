import { Fn, Token } from 'cdktf';
import { ValidationError } from '../core';
import { lifecyclePolicyProblems } from './validation';

/** Keep the newest `count` images whose tags start with `tagPrefix`. */
export interface TaggedImageRetention {
  /** Image tag prefix matched by ECR (`tagPrefixList`), for example `v` or `release-`. */
  readonly tagPrefix: string;
  /** Number of newest matching images kept; older ones expire. */
  readonly count: number;
}

/**
 * What an ECR repository keeps. Images whose tags match none of the prefixes are never expired
 * by this policy, so list every tag scheme the pipelines push.
 */
export interface LifecyclePolicySpec {
  /** Untagged images (superseded builds, failed pushes) expire this many days after push. */
  readonly untaggedExpiryDays: number;
  /** One retention rule per tag prefix, evaluated in this order after the untagged rule. */
  readonly keepTagged: readonly TaggedImageRetention[];
}

function numberText(value: number): string {
  return Token.isUnresolved(value) ? Token.asString(value) : String(value);
}

/**
 * The ECR lifecycle policy document for a spec: rule 1 expires untagged images, then one rule
 * per tag prefix keeps the newest `count` images. Throws on an invalid spec.
 */
export function lifecyclePolicy(spec: LifecyclePolicySpec): string {
  const problems = lifecyclePolicyProblems(spec);
  if (problems.length > 0) throw new ValidationError(problems, 'Invalid lifecycle policy spec');
  const rules = [
    {
      rulePriority: 1,
      description: `Expire untagged images ${numberText(spec.untaggedExpiryDays)} days after push`,
      selection: {
        tagStatus: 'untagged',
        countType: 'sinceImagePushed',
        countUnit: 'days',
        countNumber: spec.untaggedExpiryDays,
      },
      action: { type: 'expire' },
    },
    ...spec.keepTagged.map((rule, index) => ({
      rulePriority: index + 2,
      description: `Keep the newest ${numberText(rule.count)} images tagged ${rule.tagPrefix}*`,
      selection: {
        tagStatus: 'tagged',
        tagPrefixList: [rule.tagPrefix],
        countType: 'imageCountMoreThan',
        countNumber: rule.count,
      },
      action: { type: 'expire' },
    })),
  ];
  // ECR rejects a policy whose priorities repeat; they are generated, so a repeat is a bug here.
  const priorities = rules.map((r) => r.rulePriority);
  if (new Set(priorities).size !== priorities.length) {
    throw new Error(
      `lifecyclePolicy: rulePriority values ${JSON.stringify(priorities)} repeat (accepted: unique priorities)`,
    );
  }
  const document = { rules };
  // JSON.stringify would print a number token as its encoded double; jsonencode resolves it.
  const hasNumberToken = [spec.untaggedExpiryDays, ...spec.keepTagged.map((r) => r.count)].some((n) =>
    Token.isUnresolved(n),
  );
  return hasNumberToken ? Fn.jsonencode(document) : JSON.stringify(document);
}
