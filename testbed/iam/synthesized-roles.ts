import type { PolicyDocument, PolicyStatement } from './evaluate';

/**
 * The IAM roles of a synthesized stack (`cdk.tf.json`) as IAM will hold them once applied: ARN
 * (path included), trust policy, permission policies (inline, and customer-managed policies of the
 * same stack attached to it) and permissions boundary, with the stack's references resolved the
 * way Terraform resolves them in the stack's account.
 */

export interface SynthesizedRole {
  /** The Terraform address, `aws_iam_role.<name>`. */
  readonly address: string;
  readonly name: string;
  /** `arn:<partition>:iam::<account>:role<path><name>`. */
  readonly arn: string;
  readonly trust: PolicyDocument;
  readonly policies: readonly PolicyDocument[];
  /** The boundary's ARN, when the role carries one. */
  readonly boundaryArn?: string;
  /** AWS-managed (or other stacks') policies attached to it, by ARN. */
  readonly foreignPolicyArns: readonly string[];
  /**
   * Why its documents could not be read (a reference to another resource's attribute that only an
   * apply decides and `references` did not give): then `trust` and `policies` are empty.
   */
  readonly unresolved?: string;
}

/** The parts of a synthesized stack read here. */
export interface StackDocuments {
  readonly resource?: Readonly<Record<string, Readonly<Record<string, Record<string, unknown>>>>>;
  readonly data?: Readonly<Record<string, Readonly<Record<string, Record<string, unknown>>>>>;
}

/** The partition of a region (ARNs in the emulator and in AWS's commercial regions are `aws`). */
export function partitionOfRegion(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/**
 * Every role of the stack. References are resolved as Terraform would: the partition, the stack's
 * GitHub OIDC provider, and whatever `references` gives (`${aws_route53_zone.x.arn}` -> its ARN,
 * read from the applied state); a role whose documents hold any other reference is `unresolved`,
 * so that no statement is ever evaluated with a placeholder in it.
 */
export function synthesizedRoles(
  stack: StackDocuments,
  accountId: string,
  region: string,
  references: Readonly<Record<string, string>> = {},
): SynthesizedRole[] {
  const partition = partitionOfRegion(region);
  const resources = stack.resource ?? {};
  const documents = stack.data?.aws_iam_policy_document ?? {};
  const resolve = (value: string): string =>
    value
      .replace(/\$\{[^}]+\}/g, (reference) => references[reference] ?? reference)
      .replace(/\$\{data\.aws_partition\.[^.}]+\.partition\}/g, partition)
      .replace(
        /^\$\{aws_iam_openid_connect_provider\.[^.}]+\.arn\}$/,
        `arn:${partition}:iam::${accountId}:oidc-provider/token.actions.githubusercontent.com`,
      );
  const documentOf = (reference: unknown, where: string): PolicyDocument => {
    const match = /^\$\{data\.aws_iam_policy_document\.([^.}]+)\.json\}$/.exec(String(reference));
    if (match && documents[match[1]]) return documentToPolicy(documents[match[1]], resolve, where);
    if (typeof reference === 'string' && reference.startsWith('{'))
      return JSON.parse(resolve(reference)) as PolicyDocument;
    throw new Error(
      `${where}: the policy ${String(reference)} is neither a policy document of the stack nor JSON`,
    );
  };
  const managed = resources.aws_iam_policy ?? {};
  const attachments = Object.values(resources.aws_iam_role_policy_attachment ?? {});
  const inline = Object.values(resources.aws_iam_role_policy ?? {});
  return Object.entries(resources.aws_iam_role ?? {}).map(([key, role]) => {
    const address = `aws_iam_role.${key}`;
    const own = (attribute: string) =>
      new RegExp(`^\\$\\{aws_iam_role\\.${key}\\.(id|name)\\}$`).test(attribute) || attribute === role.name;
    const attached = attachments.filter((a) => own(String(a.role))).map((a) => String(a.policy_arn));
    const local = () =>
      attached.flatMap((arn) => {
        const match = /^\$\{aws_iam_policy\.([^.}]+)\.arn\}$/.exec(arn);
        return match ? [documentOf(managed[match[1]].policy, `aws_iam_policy.${match[1]}`)] : [];
      });
    const path = String(role.path ?? '/');
    const identity = {
      address,
      name: String(role.name),
      arn: `arn:${partition}:iam::${accountId}:role${path}${String(role.name)}`,
      boundaryArn:
        typeof role.permissions_boundary === 'string' ? resolve(role.permissions_boundary) : undefined,
      foreignPolicyArns: attached.filter((arn) => !arn.startsWith('${aws_iam_policy.')).map(resolve),
    };
    try {
      return {
        ...identity,
        trust: documentOf(role.assume_role_policy, `${address}.assume_role_policy`),
        policies: [
          ...inline.filter((p) => own(String(p.role))).map((p) => documentOf(p.policy, address)),
          ...local(),
        ],
      };
    } catch (error) {
      return { ...identity, trust: { Statement: [] }, policies: [], unresolved: (error as Error).message };
    }
  });
}

/**
 * The IAM JSON of a synthesized `aws_iam_policy_document` (its `statement` blocks), references
 * replaced by `resolve`; a reference left over throws, naming `where`.
 */
export function documentToPolicy(
  document: { readonly statement?: unknown },
  resolve: (value: string) => string = (v) => v,
  where = 'a policy document',
): PolicyDocument {
  const blocks = (value: unknown): Record<string, unknown>[] =>
    Array.isArray(value)
      ? (value as Record<string, unknown>[])
      : value
        ? [value as Record<string, unknown>]
        : [];
  const strings = (value: unknown): string[] =>
    (Array.isArray(value) ? value : value === undefined ? [] : [value]).map((v) => {
      const resolved = resolve(String(v)).replace(/&\{/g, '${');
      if (/\$\{(?![a-z0-9-]+:[A-Za-z]|[*?$]\})[^}]*\}/.test(resolved)) {
        throw new Error(`${where}: ${resolved} holds a reference only Terraform can resolve`);
      }
      return resolved;
    });
  return {
    Version: '2012-10-17',
    Statement: blocks(document.statement).map((s) => {
      const conditions: Record<string, Record<string, string[]>> = {};
      for (const c of blocks(s.condition)) {
        const byKey = (conditions[String(c.test)] ??= {});
        byKey[String(c.variable)] = [...(byKey[String(c.variable)] ?? []), ...strings(c.values)];
      }
      const principals: Record<string, string[]> = {};
      for (const p of blocks(s.principals)) principals[String(p.type)] = strings(p.identifiers);
      return {
        ...(s.sid ? { Sid: String(s.sid) } : {}),
        Effect: s.effect === 'Deny' ? 'Deny' : 'Allow',
        ...(s.actions ? { Action: strings(s.actions) } : {}),
        ...(s.not_actions ? { NotAction: strings(s.not_actions) } : {}),
        ...(s.resources ? { Resource: strings(s.resources) } : {}),
        ...(s.not_resources ? { NotResource: strings(s.not_resources) } : {}),
        ...(Object.keys(principals).length ? { Principal: principals } : {}),
        ...(Object.keys(conditions).length ? { Condition: conditions } : {}),
      } satisfies PolicyStatement;
    }),
  };
}
