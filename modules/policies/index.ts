import { Annotations, TerraformDataSource, TerraformResource, TerraformStack, Token } from 'cdktf';
import { AppView, elementType, type StackView } from '../core/app-view';
import { WholeStackAspect } from '../core/whole-stack-aspect';
import { isExpression, isObject } from './attributes';
import { RULES } from './rules';
import type { Attributes, PolicyContext, PolicyRule, StackResources, SynthesizedElement } from './types';

export { RESOURCELESS_ACTIONS } from '../core/iam-statements';
export { MIN_PRODUCTION_BACKUP_DAYS, RULES } from './rules';
export type { Attributes, PolicyContext, PolicyRule, StackResources, SynthesizedElement } from './types';

/** Short enough to rule out "ok", "n/a", "see ticket"; long enough to demand an actual reason. */
export const MIN_JUSTIFICATION_LENGTH = 20;
/** Where a suppression lives in the resource's JSON; Terraform ignores `//` keys. */
const SUPPRESSIONS_KEY = 'suppressed_rules';

/**
 * Exempts one resource from one rule, with the reason written next to the resource in cdk.tf.json
 * (`"//": { "suppressed_rules": { "<RULE_ID>": "<justification>" } }`), so a reader of the plain
 * Terraform sees every exception too.
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

/**
 * Checks every resource and data source of a stack against `RULES` and fails synthesis with one
 * error listing every violation: `Aspects.of(stack).add(new SecurityPolicies({ production }))`.
 *
 * Add it to each stack, not to the App: CDKTF 0.21 invokes aspects per stack, starting at the
 * stack, so aspects on the App never run.
 */
/** The synthesized app breaks a security rule: a finding for the user, not a crash. */
export class PolicyViolationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PolicyViolationError';
  }
}

export class SecurityPolicies extends WholeStackAspect {
  private readonly context: PolicyContext;

  constructor(context: PolicyContext) {
    super();
    this.context = { ...context };
  }

  protected check(stack: TerraformStack): void {
    const { resources, view } = synthesizedElements(stack);
    const problems: string[] = [];
    for (const element of resources.all) {
      const suppressed = new Set<string>();
      for (const [ruleId, justification] of Object.entries(suppressions(element))) {
        const problem = suppressionProblem(ruleId, justification, element);
        if (problem) problems.push(`${locate(element)}: invalid suppression of ${ruleId}: ${problem}`);
        else suppressed.add(ruleId);
      }
      for (const rule of RULES.filter((r) => r.appliesTo.includes(element.type))) {
        const violation = rule.check(element.attrs, this.context, resources, element);
        if (violation && !suppressed.has(rule.id)) {
          problems.push(`${locate(element)}: ${rule.id} ${rule.reason}: ${violation}`);
        } else if (!violation && suppressed.has(rule.id)) {
          Annotations.of(view.constructOf(element) ?? stack).addWarning(
            `${element.address} suppresses ${rule.id}, which it no longer violates; remove the suppression`,
          );
        }
      }
    }
    if (problems.length > 0) {
      throw new PolicyViolationError(
        `Security policy violations in stack "${stack.node.id}" (${problems.length}):\n` +
          problems.map((p) => `  - ${p}`).join('\n') +
          `\nFix the resource, or exempt it with suppress(resource, ruleId, justification) from modules/policies.`,
      );
    }
  }
}

/** Every resource and data source of the stack as it will be written to cdk.tf.json. */
function synthesizedElements(stack: TerraformStack): { resources: StackResources; view: StackView } {
  const view = AppView.of(stack).view(stack);
  const all = view.all();
  const resources: StackResources = {
    stackName: stack.node.id,
    all,
    ofType: (type) => view.ofType(type),
    byAddress: (address) => view.byAddress(address),
  };
  return { resources, view };
}

function suppressions(element: SynthesizedElement): Attributes {
  const comment = element.attrs['//'];
  const entries = isObject(comment) ? comment[SUPPRESSIONS_KEY] : undefined;
  return isObject(entries) ? entries : {};
}

/** Suppressions written with a raw addOverride get the same scrutiny as those made by suppress(). */
function suppressionProblem(
  ruleId: string,
  justification: unknown,
  element: SynthesizedElement,
): string | undefined {
  const rule: PolicyRule | undefined = RULES.find((r) => r.id === ruleId);
  if (!rule) return 'unknown rule id';
  if (!rule.appliesTo.includes(element.type)) return `the rule does not apply to ${element.type}`;
  return justificationProblem(justification);
}

function justificationProblem(justification: unknown): string | undefined {
  if (typeof justification !== 'string' || Token.isUnresolved(justification) || isExpression(justification)) {
    return 'the justification must be literal text';
  }
  const length = justification.trim().length;
  return length < MIN_JUSTIFICATION_LENGTH
    ? `the justification has ${length} characters; write at least ${MIN_JUSTIFICATION_LENGTH} saying why the exception is safe`
    : undefined;
}

function locate(element: SynthesizedElement): string {
  return `${element.path} (${element.address})`;
}
