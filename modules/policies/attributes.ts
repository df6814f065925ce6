import type { Attributes, StackResources, SynthesizedElement } from './types';

/** A value Terraform computes: a `${...}` reference or expression rather than a literal. */
export function isExpression(value: unknown): boolean {
  return typeof value === 'string' && value.includes('${');
}

/** Terraform JSON accepts a nested block as one object or as a list of them. */
export function blocks(value: unknown): Attributes[] {
  if (Array.isArray(value)) return value.filter(isObject);
  return isObject(value) ? [value] : [];
}

export function block(value: unknown): Attributes | undefined {
  return blocks(value)[0];
}

export function isObject(value: unknown): value is Attributes {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string or list of strings (IAM JSON allows either), as a list. */
export function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Booleans arrive as `true` or, in some provider schemas (launch templates), as `"true"`. */
export function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

/** JSON held in a string attribute, when it is literal JSON; references inside string values are fine. */
export function parseJson(value: unknown): unknown {
  if (typeof value !== 'string') return undefined;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}

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
