/**
 * Resources and data sources as they are written to cdk.tf.json, and readers of their attributes:
 * what the checks that judge a synthesized stack (the security rules, the AWS limits) read.
 */

/** A block body as it appears in cdk.tf.json: snake_case keys, references as `${...}` strings. */
export type Attributes = Readonly<Record<string, unknown>>;

/** One resource or data source of a stack, as synthesized. */
export interface SynthesizedElement {
  /** The resource type, or `data.<type>` for a data source (the keys of `appliesTo`). */
  readonly type: string;
  /** Terraform address: `aws_vpc.network_vpc_1A2B3C4D` or `data.aws_iam_policy_document.x`. */
  readonly address: string;
  /** Construct path, e.g. `dev/network/vpc`. */
  readonly path: string;
  readonly attrs: Attributes;
}

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
