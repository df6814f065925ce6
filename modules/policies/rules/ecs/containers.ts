import { isObject, parseJson, type Attributes } from '../../../core';
import { show } from '../../attributes';
import { joinProblems } from '../../policy-rule';

/** The task definition's containers, when `container_definitions` is a literal JSON array. */
export function containers(a: Attributes): Attributes[] | undefined {
  const parsed = parseJson(a.container_definitions);
  return Array.isArray(parsed) && parsed.every(isObject) ? parsed : undefined;
}

/** Problems of each container, by name; unparseable definitions are ECS-001's to report. */
export function eachContainer(
  a: Attributes,
  check: (c: Attributes) => string | undefined,
): string | undefined {
  return joinProblems(
    (containers(a) ?? []).flatMap((c) => {
      const problem = check(c);
      return problem ? [`container ${show(c.name)}: ${problem}`] : [];
    }),
  );
}
