import type { TerraformDataSource, TerraformResource } from 'cdktf';
import { elementType } from '../core';
import { SUPPRESSIONS_KEY } from './resource-comments';
import { RULES } from './rule-catalogue';
import { justificationProblem } from './validation';

/**
 * Exempts one resource from one rule (of either severity), with the reason written next to the
 * resource in cdk.tf.json (`"//": { "suppressed_rules": { "<RULE_ID>": "<justification>" } }`), so a
 * reader of the plain Terraform sees every exception too.
 */
export function suppress(
  resource: TerraformResource | TerraformDataSource,
  ruleId: string,
  justification: string,
): void {
  const where = `suppress(${resource.node.path}, ${JSON.stringify(ruleId)})`;
  const rule = RULES.find((r) => r.id === ruleId);
  if (!rule) {
    throw new Error(`${where}: unknown rule id; known: ${RULES.map((r) => r.id).join(', ')}`);
  }
  const type = elementType(resource);
  if (!rule.appliesTo.includes(type)) {
    throw new Error(`${where}: the rule applies to ${rule.appliesTo.join(', ')}, not to ${type}`);
  }
  const problem = justificationProblem(justification);
  if (problem) throw new Error(`${where}: ${problem}`);
  resource.addOverride(`//.${SUPPRESSIONS_KEY}.${ruleId}`, justification.trim());
}
