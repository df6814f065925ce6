import { Annotations, type TerraformStack } from 'cdktf';
import { AppView, WholeStackAspect, type StackView, type SynthesizedElement } from '../core';
import type { PolicyContext, PolicyRule, StackResources } from './policy-rule';
import { SUPPRESSIONS_KEY, clearStackWarnings, commentEntries, recordWarnings } from './resource-comments';
import { RULES } from './rule-catalogue';
import { ruleProblems, suppressionProblem } from './validation';

/** The synthesized app breaks a security rule: a finding for the user, not a crash. */
export class PolicyViolationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PolicyViolationError';
  }
}

/** What the rules found on one element. */
interface Verdict {
  /** Lines of the error: violations of `error` rules and invalid suppressions. */
  readonly errors: string[];
  /** Violations of `warning` rules, `{ ruleId: "<reason>: <violation>" }`. */
  readonly warnings: Map<string, string>;
  /** Rules the element suppresses but no longer breaks. */
  readonly unneeded: string[];
}

const HOW_TO_EXEMPT = 'exempt it with suppress(resource, ruleId, justification) from modules/policies';

/**
 * Checks every resource and data source of a stack against the rules (`RULES` unless given others)
 * and, when it is done, fails synthesis with one error listing every violation of a rule of severity
 * `error`; violations of `warning` rules are printed (once per synthesis, on stderr) and recorded
 * next to their element in cdk.tf.json (see resource-comments.ts), and synthesis goes on.
 * `Aspects.of(stack).add(new SecurityPolicies({ production }))`.
 *
 * Add it to each stack, not to the App: CDKTF 0.21 invokes aspects per stack, starting at the
 * stack, so aspects on the App never run.
 */
export class SecurityPolicies extends WholeStackAspect {
  private readonly context: PolicyContext;
  private readonly rules: readonly PolicyRule[];
  /** Stacks whose `//` holds data sources' warnings from an earlier synthesis. */
  private readonly stacksWithWarnings = new WeakSet<TerraformStack>();

  constructor(context: PolicyContext, rules: readonly PolicyRule[] = RULES) {
    super();
    const problems = ruleProblems(rules);
    if (problems.length > 0) throw new Error(`SecurityPolicies: ${problems.join('; ')}`);
    this.context = { ...context };
    this.rules = [...rules];
  }

  protected check(stack: TerraformStack): void {
    const { resources, view } = synthesizedElements(stack);
    if (this.stacksWithWarnings.delete(stack)) clearStackWarnings(stack);
    const errors: string[] = [];
    const warnings: string[] = [];
    for (const element of resources.all) {
      const verdict = this.judge(element, resources);
      const construct = view.constructOf(element);
      errors.push(...verdict.errors);
      warnings.push(
        ...[...verdict.warnings].map(([ruleId, text]) => `${locate(element)}: ${ruleId} ${text}`),
      );
      for (const ruleId of verdict.unneeded) {
        Annotations.of(construct ?? stack).addWarning(
          `${element.address} suppresses ${ruleId}, which it no longer violates; remove the suppression`,
        );
      }
      recordWarnings(stack, construct, element, verdict.warnings);
      if (verdict.warnings.size > 0 && element.type.startsWith('data.')) this.stacksWithWarnings.add(stack);
    }
    if (warnings.length > 0) console.warn(warningReport(stack, warnings));
    if (errors.length > 0) throw new PolicyViolationError(errorReport(stack, errors));
  }

  /** Every rule that applies to the element, its suppressions taken into account. */
  private judge(element: SynthesizedElement, resources: StackResources): Verdict {
    const verdict: Verdict = { errors: [], warnings: new Map(), unneeded: [] };
    const suppressed = new Set<string>();
    for (const [ruleId, justification] of Object.entries(commentEntries(element, SUPPRESSIONS_KEY))) {
      const problem = suppressionProblem(this.rules, ruleId, justification, element.type);
      if (problem) verdict.errors.push(`${locate(element)}: invalid suppression of ${ruleId}: ${problem}`);
      else suppressed.add(ruleId);
    }
    for (const rule of this.rules.filter((r) => r.appliesTo.includes(element.type))) {
      const violation = rule.check(element.attrs, this.context, resources, element);
      if (violation && !suppressed.has(rule.id)) {
        if (rule.severity === 'warning') verdict.warnings.set(rule.id, `${rule.reason}: ${violation}`);
        else verdict.errors.push(`${locate(element)}: ${rule.id} ${rule.reason}: ${violation}`);
      } else if (!violation && suppressed.has(rule.id)) {
        verdict.unneeded.push(rule.id);
      }
    }
    return verdict;
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

function errorReport(stack: TerraformStack, problems: readonly string[]): string {
  return (
    `Security policy violations in stack "${stack.node.id}" (${problems.length}):\n` +
    problems.map((p) => `  - ${p}`).join('\n') +
    `\nFix the resource, or ${HOW_TO_EXEMPT}.`
  );
}

function warningReport(stack: TerraformStack, warnings: readonly string[]): string {
  return (
    `Security policy warnings in stack "${stack.node.id}" (${warnings.length}):\n` +
    warnings.map((w) => `  - ${w}`).join('\n') +
    `\nSynthesis goes on; each is recorded under "//" "warned_rules" in the stack's cdk.tf.json. ` +
    `Fix the resource, or ${HOW_TO_EXEMPT}.`
  );
}

function locate(element: SynthesizedElement): string {
  return `${element.path} (${element.address})`;
}
