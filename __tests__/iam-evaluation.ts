/**
 * Enough of IAM's evaluation of an identity policy to ask what a role may do, for tests that must
 * prove a permission is refused rather than compare policy text: an explicit Deny wins, then an
 * Allow, and without either the request is denied.
 *
 * Conditions: `Null`, and `StringEquals` and `StringLike`, plain or with the set qualifiers
 * `ForAllValues:` (every value of the request matches; true when the key is absent) and
 * `ForAnyValue:` (at least one does), as the IAM User Guide defines them ("Condition operators",
 * "Single-valued vs. multivalued context keys"). Anything else throws, so a policy using it is not
 * misjudged.
 */

import { globMatches } from '../scripts/oidc/trust';

/** A statement as `aws_iam_policy_document` is synthesized. */
export interface DocumentStatement {
  readonly sid?: string;
  readonly effect?: string;
  readonly actions?: readonly string[];
  readonly resources?: readonly string[];
  readonly condition?: readonly { test: string; variable: string; values: readonly string[] }[];
}

export interface Request {
  readonly action: string;
  readonly resource: string;
  /** Request context: each key with its values (a single-valued key has one). */
  readonly context: Readonly<Record<string, readonly string[]>>;
}

export type Decision = 'allowed' | 'explicitly denied' | 'implicitly denied';

export function decide(statements: readonly DocumentStatement[], request: Request): Decision {
  const applying = statements.filter((s) => applies(s, request));
  if (applying.some((s) => (s.effect ?? 'Allow') === 'Deny')) return 'explicitly denied';
  if (applying.some((s) => (s.effect ?? 'Allow') === 'Allow')) return 'allowed';
  return 'implicitly denied';
}

function applies(s: DocumentStatement, request: Request): boolean {
  return (
    (s.actions ?? []).some((a) => globMatches(a, request.action, true)) &&
    (s.resources ?? []).some((r) => globMatches(r, request.resource)) &&
    (s.condition ?? []).every((c) => holds(c.test, c.values, request.context[c.variable]))
  );
}

const OPERATORS: Record<string, (pattern: string, value: string) => boolean> = {
  StringEquals: (pattern, value) => pattern === value,
  StringLike: (pattern, value) => globMatches(pattern, value),
};

function holds(test: string, patterns: readonly string[], values: readonly string[] | undefined): boolean {
  // Null: "true" holds when the key is absent, "false" when it is present.
  if (test === 'Null') return patterns.includes(String(values === undefined || values.length === 0));
  const [qualifier, operator] = test.includes(':') ? test.split(':') : [undefined, test];
  const match = OPERATORS[operator];
  if (!match) throw new Error(`condition operator ${test} is not evaluated here`);
  const matches = (value: string) => patterns.some((p) => match(p, value));
  const given = values ?? [];
  if (qualifier === 'ForAllValues') return given.every(matches);
  if (qualifier === 'ForAnyValue') return given.some(matches);
  if (qualifier !== undefined) throw new Error(`set qualifier ${qualifier} is not evaluated here`);
  if (given.length > 1) throw new Error(`${test} on a multivalued key needs ForAllValues or ForAnyValue`);
  return given.length === 1 && matches(given[0]);
}

/** One change of a Route 53 change batch. */
export interface RecordChange {
  readonly action: 'CREATE' | 'UPSERT' | 'DELETE';
  /** The name as a client sends it (any case, trailing dot or not, `*` for a wildcard). */
  readonly name: string;
  readonly type: string;
}

/**
 * The request of a `ChangeResourceRecordSets` call, with the context keys Route 53 sets from the
 * change batch (Route 53 Developer Guide, "Using IAM policy conditions for fine-grained access
 * control"): names normalized (lower case, no trailing dot, characters other than a-z, 0-9, `-`,
 * `_` and `.` as `\` plus a three-digit octal code), types and actions upper case.
 */
export function changeRecords(zoneArn: string, changes: readonly RecordChange[]): Request {
  const distinct = (values: string[]) => [...new Set(values)];
  return {
    action: 'route53:ChangeResourceRecordSets',
    resource: zoneArn,
    context: {
      'route53:ChangeResourceRecordSetsNormalizedRecordNames': distinct(
        changes.map((c) =>
          c.name
            .toLowerCase()
            .replace(/\.$/, '')
            .replace(/[^a-z0-9_.-]/g, (ch) => `\\${ch.charCodeAt(0).toString(8).padStart(3, '0')}`),
        ),
      ),
      'route53:ChangeResourceRecordSetsRecordTypes': distinct(changes.map((c) => c.type)),
      'route53:ChangeResourceRecordSetsActions': distinct(changes.map((c) => c.action)),
    },
  };
}
