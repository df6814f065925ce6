import { Token } from 'cdktf';
import { isExpression } from '../core';
import { SEVERITIES, type PolicyRule } from './policy-rule';

/** Short enough to rule out "ok", "n/a", "see ticket"; long enough to demand an actual reason. */
export const MIN_JUSTIFICATION_LENGTH = 20;
/** `ALB-001`: a prefix naming the service, a number of three digits. */
const RULE_ID = /^[A-Z0-9]+-\d{3}$/;

/** What is wrong with the reason given for an exemption, or undefined when it will do. */
export function justificationProblem(justification: unknown): string | undefined {
  if (typeof justification !== 'string' || Token.isUnresolved(justification) || isExpression(justification)) {
    return 'the justification must be literal text';
  }
  const length = justification.trim().length;
  return length < MIN_JUSTIFICATION_LENGTH
    ? `the justification has ${length} characters; write at least ${MIN_JUSTIFICATION_LENGTH} saying why the exception is safe`
    : undefined;
}

/**
 * What is wrong with an exemption found on an element of `type`, or undefined. Suppressions written
 * with a raw addOverride get the same scrutiny as those made by suppress().
 */
export function suppressionProblem(
  rules: readonly PolicyRule[],
  ruleId: string,
  justification: unknown,
  type: string,
): string | undefined {
  const rule = rules.find((r) => r.id === ruleId);
  if (!rule) return 'unknown rule id';
  if (!rule.appliesTo.includes(type)) return `the rule does not apply to ${type}`;
  return justificationProblem(justification);
}

/** What is wrong with a set of rules: IDs unique and well formed, a known severity, a one-line reason. */
export function ruleProblems(rules: readonly PolicyRule[]): string[] {
  const ids = rules.map((r) => r.id);
  return rules.flatMap((r, i) => [
    ...(RULE_ID.test(r.id) ? [] : [`rule ${JSON.stringify(r.id)} has an ID not shaped like "ALB-001"`]),
    ...(ids.indexOf(r.id) === i ? [] : [`rule ${r.id} is listed twice`]),
    ...(SEVERITIES.includes(r.severity)
      ? []
      : [`rule ${r.id} has severity ${JSON.stringify(r.severity)}; accepted: ${SEVERITIES.join(', ')}`]),
    ...(r.reason.includes('\n') ? [`rule ${r.id} has a reason of more than one line`] : []),
    ...(r.appliesTo.length > 0 ? [] : [`rule ${r.id} applies to no resource type`]),
  ]);
}
