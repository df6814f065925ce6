import { blocks, isObject, parseJson, strings, type Attributes, type SynthesizedElement } from '../core';
import { referencedElement } from './attributes';
import type { StackResources } from './policy-rule';

/**
 * IAM policy statements as the security rules read them, from wherever a synthesized element holds
 * them: an `aws_iam_policy_document`'s blocks, or policy JSON in a resource's attribute.
 */

/** An IAM policy statement, whether it came from an `aws_iam_policy_document` or from JSON. */
export interface Statement {
  /**
   * The statement's Sid, which messages name it by.
   * @default - none: messages name the statement by its position
   */
  readonly sid?: string;
  readonly effect: 'Allow' | 'Deny';
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
  readonly resources: readonly string[];
  readonly notResources: readonly string[];
  readonly conditions: readonly { test: string; variable: string; values: readonly string[] }[];
  /** Who the statement is about (resource and trust policies): `AWS`, `Service`, `Federated`, or `*`. */
  readonly principals: readonly { type: string; identifiers: readonly string[] }[];
}

/** Resource types holding policy JSON, and the attributes it sits in. */
const POLICY_ATTRIBUTES: Record<string, readonly string[]> = {
  aws_iam_policy: ['policy'],
  aws_iam_role_policy: ['policy'],
  aws_iam_user_policy: ['policy'],
  aws_iam_group_policy: ['policy'],
  aws_iam_role: ['assume_role_policy'],
};

export const IAM_POLICY_TYPES: readonly string[] = [
  'data.aws_iam_policy_document',
  ...Object.keys(POLICY_ATTRIBUTES),
];

/**
 * The statements an element defines itself. A policy attribute that is a reference (usually to an
 * `aws_iam_policy_document`) is skipped: the document is checked as an element of its own.
 */
export function ownStatements(element: SynthesizedElement): Statement[] {
  const attrs = element.attrs;
  if (element.type === 'data.aws_iam_policy_document') {
    return [
      ...blocks(attrs.statement).map(documentStatement),
      ...[...strings(attrs.source_policy_documents), ...strings(attrs.override_policy_documents)].flatMap(
        (json) => jsonStatements(json) ?? [],
      ),
    ];
  }
  const inline = element.type === 'aws_iam_role' ? blocks(attrs.inline_policy).map((p) => p.policy) : [];
  return [...(POLICY_ATTRIBUTES[element.type] ?? []).map((a) => attrs[a]), ...inline].flatMap(
    (policy) => jsonStatements(policy) ?? [],
  );
}

/** Statements of a policy attribute: literal JSON, or the `aws_iam_policy_document` it references. */
export function policyStatements(policy: unknown, stack: StackResources): Statement[] | undefined {
  const document = referencedElement(policy, stack);
  if (document?.type === 'data.aws_iam_policy_document') return ownStatements(document);
  return jsonStatements(policy);
}

function documentStatement(s: Attributes): Statement {
  return {
    sid: typeof s.sid === 'string' ? s.sid : undefined,
    effect: s.effect === 'Deny' ? 'Deny' : 'Allow',
    actions: strings(s.actions),
    notActions: strings(s.not_actions),
    resources: strings(s.resources),
    notResources: strings(s.not_resources),
    conditions: blocks(s.condition).map((c) => ({
      test: String(c.test),
      variable: String(c.variable),
      values: strings(c.values),
    })),
    principals: blocks(s.principals).map((p) => ({
      type: String(p.type),
      identifiers: strings(p.identifiers),
    })),
  };
}

/** Statements of literal policy JSON; undefined when the value is not JSON (an expression). */
export function jsonStatements(policy: unknown): Statement[] | undefined {
  const document = parseJson(policy);
  if (!isObject(document)) return undefined;
  const statements = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
  return statements.filter(isObject).map((s) => ({
    sid: typeof s.Sid === 'string' ? s.Sid : undefined,
    effect: s.Effect === 'Deny' ? 'Deny' : 'Allow',
    actions: strings(s.Action),
    notActions: strings(s.NotAction),
    resources: strings(s.Resource),
    notResources: strings(s.NotResource),
    conditions: Object.entries(isObject(s.Condition) ? s.Condition : {}).flatMap(([test, byKey]) =>
      Object.entries(isObject(byKey) ? byKey : {}).map(([variable, values]) => ({
        test,
        variable,
        values: (Array.isArray(values) ? values : [values]).map(String),
      })),
    ),
    principals: jsonPrincipals(s.Principal),
  }));
}

/** `"*"`, or `{ "AWS": ..., "Federated": ... }` with a string or a list each. */
function jsonPrincipals(principal: unknown): Statement['principals'] {
  if (principal === undefined) return [];
  if (!isObject(principal)) return [{ type: '*', identifiers: strings(principal) }];
  return Object.entries(principal).map(([type, identifiers]) => ({
    type,
    identifiers: strings(identifiers),
  }));
}

export function describeStatement(s: Statement, index: number): string {
  return s.sid ? `statement "${s.sid}"` : `statement ${index + 1}`;
}
