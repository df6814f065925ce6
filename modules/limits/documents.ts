import { blocks, isObject, strings, type AppView, type Attributes, type StackView } from '../core';
import { renderReferences, type Rendered } from './references';
import type { Unit } from './quotas';

/** A document's size as AWS will count it, or why it cannot be known at synth. */
export type Measurement =
  | { readonly size: number; readonly estimated: number; readonly unknown: number }
  | { readonly unmeasurable: string };

/**
 * The size of a policy (or any JSON document) that an attribute holds, as AWS counts it:
 * minified, because the provider sends it minified (`structure.NormalizeJsonString`, applied by
 * every resource that takes a policy) and IAM does not count white space anyway; in bytes or in
 * characters, as the quota says.
 *
 * The attribute is either a reference to an `aws_iam_policy_document` of the same stack, which
 * Terraform renders at plan time and which is rendered here the same way, or literal JSON with
 * references in its strings. References are measured by their longest value (references.ts).
 */
export function measureDocument(value: unknown, unit: Unit, view: StackView, app: AppView): Measurement {
  const rendered = renderDocument(value, view, app);
  if ('unmeasurable' in rendered) return rendered;
  return {
    size: unit === 'bytes' ? Buffer.byteLength(rendered.text, 'utf8') : rendered.text.length,
    estimated: rendered.estimated,
    unknown: rendered.unknown,
  };
}

/** Minified JSON of a document attribute, references replaced by placeholders of their longest length. */
export function renderDocument(
  value: unknown,
  view: StackView,
  app: AppView,
): Rendered | { unmeasurable: string } {
  if (typeof value !== 'string') return { unmeasurable: 'it is not a string' };
  const target = app.targetOf(value, view);
  if (target) {
    if (target.element.type === 'data.aws_iam_policy_document' && target.attribute === 'json') {
      const document = policyDocument(target.element.attrs, target.view, app);
      const rendered = renderReferences(JSON.stringify(document), target.view, app);
      // The data source's escape of a policy variable, `&{...}`, comes out as `${...}`: as long.
      return { ...rendered, text: rendered.text.replace(/&\{/g, '${') };
    }
    return { unmeasurable: `it is ${value}, whose text only Terraform knows` };
  }
  const rendered = renderReferences(value, view, app);
  try {
    return { ...rendered, text: JSON.stringify(JSON.parse(rendered.text)) };
  } catch {
    return { unmeasurable: 'it is neither JSON nor a reference to an aws_iam_policy_document' };
  }
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/**
 * The JSON Terraform's `aws_iam_policy_document` renders: `Version`, `Id`, and each statement with
 * `Sid`, `Effect`, `Action`/`NotAction`, `Resource`/`NotResource`, `Principal`/`NotPrincipal` and
 * `Condition`, a single value written as a string rather than a list, as the data source writes it.
 * Statements of `source_policy_documents` come first; those of `override_policy_documents` replace
 * the statement with the same Sid or are added. Policy variables stay written `&{...}` (the data
 * source's escape, which it renders as `${...}`), so that they are not taken for references.
 *
 * Values stay as synthesized, references included; the caller replaces those.
 */
export function policyDocument(attrs: Attributes, view: StackView, app: AppView): { [key: string]: Json } {
  const sources = strings(attrs.source_policy_documents).flatMap((s) => documentStatements(s, view, app));
  const overrides = strings(attrs.override_policy_documents).flatMap((s) => documentStatements(s, view, app));
  let statements: { [key: string]: Json }[] = [...sources, ...blocks(attrs.statement).map(statementJson)];
  for (const override of overrides) {
    const i = statements.findIndex((s) => s.Sid !== undefined && s.Sid === override.Sid);
    statements = i >= 0 ? statements.map((s, j) => (j === i ? override : s)) : [...statements, override];
  }
  return {
    Version: typeof attrs.version === 'string' ? attrs.version : '2012-10-17',
    ...(typeof attrs.policy_id === 'string' ? { Id: attrs.policy_id } : {}),
    Statement: statements,
  };
}

/** Statements of another document given as JSON or as a reference to another policy document. */
function documentStatements(json: string, view: StackView, app: AppView): { [key: string]: Json }[] {
  const target = app.targetOf(json, view);
  const document: unknown =
    target?.element.type === 'data.aws_iam_policy_document'
      ? policyDocument(target.element.attrs, target.view, app)
      : safeParse(json);
  if (!isObject(document)) return [];
  const statements = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
  return statements.filter(isObject) as { [key: string]: Json }[];
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function statementJson(s: Attributes): { [key: string]: Json } {
  const out: { [key: string]: Json } = {};
  if (typeof s.sid === 'string' && s.sid !== '') out.Sid = s.sid;
  out.Effect = typeof s.effect === 'string' ? s.effect : 'Allow';
  const list = (key: string, values: string[]) => {
    if (values.length > 0) out[key] = values.length === 1 ? values[0] : values;
  };
  list('Action', strings(s.actions));
  list('NotAction', strings(s.not_actions));
  list('Resource', strings(s.resources));
  list('NotResource', strings(s.not_resources));
  const principals = principalJson(blocks(s.principals));
  if (principals !== undefined) out.Principal = principals;
  const notPrincipals = principalJson(blocks(s.not_principals));
  if (notPrincipals !== undefined) out.NotPrincipal = notPrincipals;
  const conditions: { [test: string]: { [variable: string]: Json } } = {};
  for (const c of blocks(s.condition)) {
    const values = strings(c.values);
    conditions[String(c.test)] = {
      ...conditions[String(c.test)],
      [String(c.variable)]: values.length === 1 ? values[0] : values,
    };
  }
  if (Object.keys(conditions).length > 0) out.Condition = conditions;
  return out;
}

/** `"*"` for everyone, else `{ "<type>": <identifier or identifiers> }`. */
function principalJson(principals: Attributes[]): Json | undefined {
  if (principals.length === 0) return undefined;
  if (principals.some((p) => p.type === '*')) return '*';
  const byType: { [type: string]: string[] } = {};
  for (const p of principals)
    byType[String(p.type)] = [...(byType[String(p.type)] ?? []), ...strings(p.identifiers)];
  return Object.fromEntries(
    Object.entries(byType).map(([type, ids]) => [type, ids.length === 1 ? ids[0] : ids]),
  );
}
