import { Token } from 'cdktf';
import { ACCOUNT_ID, check, isKnown, repeatedIndexes, under, type Problem } from '../core';
import type { ContainerRegistryProps } from './container-registry';
import type { LifecyclePolicySpec, TaggedImageRetention } from './lifecycle-policy';

/** ECR's repository name grammar (namespaces separated by "/"), 2-256 characters. */
const REPOSITORY_NAME = /^(?=.{2,256}$)(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
/** Docker's tag grammar; a prefix of a valid tag must itself follow it. */
const TAG_PREFIX = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** Every problem of the props, the pull accounts as the construct resolved them (defaults applied). */
export function containerRegistryProblems(
  props: ContainerRegistryProps,
  pullAccountIds: readonly string[],
): Problem[] {
  return [
    ...check(
      !isKnown(props.repositoryName) || REPOSITORY_NAME.test(props.repositoryName),
      'repositoryName',
      props.repositoryName,
      'is not a valid ECR repository name',
      '2-256 characters of lower-case a-z, 0-9 and "._-" between alphanumerics, namespaces separated by "/"',
    ),
    ...pullAccountIds.flatMap((accountId, i) =>
      check(
        !isKnown(accountId) || ACCOUNT_ID.test(accountId),
        `pullAccountIds[${i}]`,
        accountId,
        'is not an AWS account ID',
        'exactly 12 digits',
      ),
    ),
    ...repeatedIndexes(pullAccountIds).flatMap((i) =>
      check(false, `pullAccountIds[${i}]`, pullAccountIds[i], 'is listed twice', 'each account once'),
    ),
    ...under('lifecycle', lifecyclePolicyProblems(props.lifecycle)),
  ];
}

function isPositiveInteger(value: number): boolean {
  return Number.isInteger(value) && value > 0;
}

/**
 * Every problem of a spec, each as `<path>.<field>: <value> <what is wrong> (accepted: ...)`,
 * in the format of envs/validate.ts so the config validator can report them with the rest.
 */
export function lifecyclePolicyProblems(spec: LifecyclePolicySpec): Problem[] {
  return [
    ...check(
      Token.isUnresolved(spec.untaggedExpiryDays) || isPositiveInteger(spec.untaggedExpiryDays),
      'untaggedExpiryDays',
      spec.untaggedExpiryDays,
      'is not a positive integer',
      'a whole number of days, 1 or more',
    ),
    ...spec.keepTagged.flatMap((rule, index) => retentionProblems(rule, `keepTagged[${index}]`)),
    ...overlappingPrefixProblems(spec.keepTagged),
  ];
}

function retentionProblems(rule: TaggedImageRetention, at: string): Problem[] {
  return [
    ...check(
      Token.isUnresolved(rule.count) || isPositiveInteger(rule.count),
      `${at}.count`,
      rule.count,
      'is not a positive integer',
      'a whole number of images, 1 or more',
    ),
    ...(Token.isUnresolved(rule.tagPrefix)
      ? []
      : rule.tagPrefix === ''
        ? check(
            false,
            `${at}.tagPrefix`,
            rule.tagPrefix,
            'is empty',
            'a non-empty image tag prefix such as "v"',
          )
        : check(
            TAG_PREFIX.test(rule.tagPrefix),
            `${at}.tagPrefix`,
            rule.tagPrefix,
            'is not the start of a valid image tag',
            'up to 128 characters of A-Z, a-z, 0-9, "_", "." and "-", not starting with "." or "-"; no wildcards',
          )),
  ];
}

/**
 * ECR matches tagPrefixList as prefixes: with "v" and "v1" both listed, an image tagged "v1.2"
 * falls under two rules and the lower-priority count silently stops applying to it.
 */
function overlappingPrefixProblems(keepTagged: readonly TaggedImageRetention[]): Problem[] {
  const literal = keepTagged
    .map((rule, index) => ({ index, prefix: rule.tagPrefix }))
    .filter(({ prefix }) => !Token.isUnresolved(prefix) && prefix !== '');
  return literal.flatMap((a) =>
    literal
      .filter((b) => a.index < b.index)
      .flatMap((b) => {
        const at = `keepTagged[${b.index}].tagPrefix`;
        if (a.prefix === b.prefix) {
          return check(
            false,
            at,
            b.prefix,
            `repeats keepTagged[${a.index}].tagPrefix`,
            'each tag prefix once',
          );
        }
        if (!b.prefix.startsWith(a.prefix) && !a.prefix.startsWith(b.prefix)) return [];
        const [shorter, longer] = a.prefix.length < b.prefix.length ? [a, b] : [b, a];
        return check(
          false,
          at,
          b.prefix,
          `overlaps keepTagged[${a.index}].tagPrefix ${JSON.stringify(a.prefix)}: ${JSON.stringify(shorter.prefix)} is a prefix of ${JSON.stringify(longer.prefix)}, so images tagged ${JSON.stringify(longer.prefix)}... fall under both rules`,
          'tag prefixes none of which starts another',
        );
      }),
  );
}
