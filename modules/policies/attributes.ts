import type { SynthesizedElement } from '../core';
import type { StackResources } from './policy-rule';

/** `${<address>.<attribute>}`, the string a reference to another element synthesizes to. */
export function reference(element: SynthesizedElement, attribute: string): string {
  return `\${${element.address}.${attribute}}`;
}

/** The element a whole-string reference such as `${aws_lb_listener.http.arn}` points at. */
export function referencedElement(value: unknown, stack: StackResources): SynthesizedElement | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^\$\{((?:data\.)?[a-z0-9_]+\.[A-Za-z0-9_-]+)\.[a-z0-9_]+\}$/.exec(value);
  return match ? stack.byAddress(match[1]) : undefined;
}

/** Elements of `type` whose `attribute` references `target` through one of `targetAttributes`. */
export function referencing(
  stack: StackResources,
  type: string,
  attribute: string,
  target: SynthesizedElement,
  targetAttributes: readonly string[],
): SynthesizedElement[] {
  const accepted = new Set(targetAttributes.map((a) => reference(target, a)));
  return stack.ofType(type).filter((e) => accepted.has(e.attrs[attribute] as string));
}

export function show(value: unknown): string {
  return value === undefined ? 'not set' : JSON.stringify(value);
}
