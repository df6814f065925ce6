import type { SynthesizedElement } from '../../../core';
import { joinProblems } from '../../policy-rule';
import { describeStatement, ownStatements, type Statement } from '../../policy-statements';

/** The problems `check` finds in the Allow statements the element defines, each naming its statement. */
export function allowProblems(
  element: SynthesizedElement,
  check: (s: Statement) => string | undefined,
): string | undefined {
  return joinProblems(
    ownStatements(element).flatMap((s, i) => {
      const problem = s.effect === 'Allow' ? check(s) : undefined;
      return problem ? [`${describeStatement(s, i)} ${problem}`] : [];
    }),
  );
}
