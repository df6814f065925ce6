import { Fn, Token } from 'cdktf';
import { ValidationError, type Problem } from '../core/validation';

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

/** Docker's tag grammar; a prefix of a valid tag must itself follow it. */
const TAG_PREFIX = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

function numberText(value: number): string {
  return Token.isUnresolved(value) ? Token.asString(value) : String(value);
}

function isPositiveInteger(value: number): boolean {
  return Number.isInteger(value) && value > 0;
}

/**
 * Every problem of a spec, each as `<path>.<field>: <value> <what is wrong> (accepted: ...)`,
 * in the format of envs/validate.ts so the config validator can report them with the rest.
 */
export function lifecyclePolicyProblems(spec: LifecyclePolicySpec): Problem[] {
  const problems: Problem[] = [];
  const problem = (path: string, value: unknown, what: string, accepted: string): Problem => ({
    path,
    value,
    problem: what,
    accepted,
  });
  if (!Token.isUnresolved(spec.untaggedExpiryDays) && !isPositiveInteger(spec.untaggedExpiryDays)) {
    problems.push(
      problem(
        'untaggedExpiryDays',
        spec.untaggedExpiryDays,
        'is not a positive integer',
        'a whole number of days, 1 or more',
      ),
    );
  }
  const literalPrefixes: { index: number; prefix: string }[] = [];
  spec.keepTagged.forEach((rule, index) => {
    const at = `keepTagged[${index}]`;
    if (!Token.isUnresolved(rule.count) && !isPositiveInteger(rule.count)) {
      problems.push(
        problem(
          `${at}.count`,
          rule.count,
          'is not a positive integer',
          'a whole number of images, 1 or more',
        ),
      );
    }
    if (Token.isUnresolved(rule.tagPrefix)) return;
    if (rule.tagPrefix === '') {
      problems.push(
        problem(`${at}.tagPrefix`, rule.tagPrefix, 'is empty', 'a non-empty image tag prefix such as "v"'),
      );
      return;
    }
    if (!TAG_PREFIX.test(rule.tagPrefix)) {
      problems.push(
        problem(
          `${at}.tagPrefix`,
          rule.tagPrefix,
          'is not the start of a valid image tag',
          'up to 128 characters of A-Z, a-z, 0-9, "_", "." and "-", not starting with "." or "-"; no wildcards',
        ),
      );
    }
    literalPrefixes.push({ index, prefix: rule.tagPrefix });
  });

  // ECR matches tagPrefixList as prefixes: with "v" and "v1" both listed, an image tagged
  // "v1.2" falls under two rules and the lower-priority count silently stops applying to it.
  for (const a of literalPrefixes) {
    for (const b of literalPrefixes) {
      if (a.index >= b.index) continue;
      const at = `keepTagged[${b.index}].tagPrefix`;
      if (a.prefix === b.prefix) {
        problems.push(
          problem(at, b.prefix, `repeats keepTagged[${a.index}].tagPrefix`, 'each tag prefix once'),
        );
      } else if (b.prefix.startsWith(a.prefix) || a.prefix.startsWith(b.prefix)) {
        const [shorter, longer] = a.prefix.length < b.prefix.length ? [a, b] : [b, a];
        problems.push(
          problem(
            at,
            b.prefix,
            `overlaps keepTagged[${a.index}].tagPrefix ${JSON.stringify(a.prefix)}: ${JSON.stringify(shorter.prefix)} is a prefix of ${JSON.stringify(longer.prefix)}, so images tagged ${JSON.stringify(longer.prefix)}... fall under both rules`,
            'tag prefixes none of which starts another',
          ),
        );
      }
    }
  }
  return problems;
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
