import { TerraformDataSource, TerraformElement, type TerraformStack } from 'cdktf';
import type { IConstruct } from 'constructs';
import { isObject, type Attributes, type SynthesizedElement } from '../core';

/**
 * What the security rules write next to an element in cdk.tf.json, under the `//` key Terraform
 * ignores, each entry by rule ID: the exemptions suppress() makes (`suppressed_rules`) and the
 * violations of rules whose severity is `warning` (`warned_rules`). A reader of the plain Terraform
 * sees both without the TypeScript.
 */
export const SUPPRESSIONS_KEY = 'suppressed_rules';
export const WARNINGS_KEY = 'warned_rules';

/** The entries an element carries under `//.<key>`, by rule ID. */
export function commentEntries(element: SynthesizedElement, key: string): Attributes {
  const comment = element.attrs['//'];
  const entries = isObject(comment) ? comment[key] : undefined;
  return isObject(entries) ? entries : {};
}

/**
 * Writes the warnings of one element, `{ ruleId: text }`, next to it, and removes those an earlier
 * synthesis wrote that no longer apply. A data source cannot carry them: CDKTF rewrites a data
 * source's `//` with its metadata. Its warnings go into the stack's own `//` instead, under its
 * address (`"//": { "warned_rules": { "data": { "<type>": { "<name>": { ... } } } } }`).
 */
export function recordWarnings(
  stack: TerraformStack,
  construct: IConstruct | undefined,
  element: SynthesizedElement,
  warnings: ReadonlyMap<string, string>,
): void {
  if (!(construct instanceof TerraformElement)) return;
  if (construct instanceof TerraformDataSource) {
    for (const [ruleId, text] of warnings)
      stack.addOverride(`//.${WARNINGS_KEY}.${element.address}.${ruleId}`, text);
    return;
  }
  const previous = Object.keys(commentEntries(element, WARNINGS_KEY));
  if (warnings.size === 0) {
    if (previous.length > 0) construct.addOverride(`//.${WARNINGS_KEY}`, undefined);
    return;
  }
  for (const ruleId of previous.filter((id) => !warnings.has(id))) {
    construct.addOverride(`//.${WARNINGS_KEY}.${ruleId}`, undefined);
  }
  for (const [ruleId, text] of warnings) construct.addOverride(`//.${WARNINGS_KEY}.${ruleId}`, text);
}

/** Removes the data sources' warnings an earlier synthesis wrote into the stack's `//`. */
export function clearStackWarnings(stack: TerraformStack): void {
  stack.addOverride(`//.${WARNINGS_KEY}`, undefined);
}
