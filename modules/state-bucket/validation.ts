import { ACCOUNT_ID, check, isKnown, type Problem } from '../core';
import type { StateAccess } from './state-bucket';

/** What is wrong with the access props, at `crossAccountAccess.<field>`. */
export function stateAccessProblems(access: StateAccess): Problem[] {
  const path = 'crossAccountAccess';
  return [
    ...access.accountIds.flatMap((accountId, i) => [
      ...check(
        !isKnown(accountId) || ACCOUNT_ID.test(accountId),
        `${path}.accountIds[${i}]`,
        accountId,
        'is not an AWS account ID',
        'exactly 12 digits, as a string',
      ),
      ...check(
        access.accountIds.indexOf(accountId) === i,
        `${path}.accountIds[${i}]`,
        accountId,
        'is listed twice',
        'each account once',
      ),
    ]),
    // The prefix is one level of the key: wildcards would widen every account's grant.
    ...check(
      /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/.test(access.keyPrefix),
      `${path}.keyPrefix`,
      access.keyPrefix,
      'is not a key prefix without wildcards',
      'letters, digits, ".", "_", "-" and inner "/", such as "webapp"',
    ),
  ];
}
