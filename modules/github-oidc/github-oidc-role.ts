import { Construct } from 'constructs';
import {
  DataAwsIamPolicyDocument,
  type DataAwsIamPolicyDocumentStatement,
} from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { GITHUB_AUD_KEY, GITHUB_SUB_KEY, STS_AUDIENCE, githubSubject, throwOnProblems } from '../core';
import { githubOidcRoleProblems, type GithubTrust } from './validation';

const DEFAULT_MAX_SESSION_SECONDS = 3600;
/**
 * What one managed policy is filled to: IAM's quota is 6,144 characters without white space; the
 * rest is room for what a reference resolves to (the limits check measures the real thing).
 */
const POLICY_BUDGET = 5_400;

export interface GithubOidcRoleProps {
  /** IAM role name, for example `webapp-dev-deploy-services`. */
  readonly roleName: string;
  /**
   * IAM path of the role, for example `/delivery/`: the CI roles may write IAM on no role below it.
   * @default '/'
   */
  readonly path?: string;
  /** What the role is for (the IAM description). */
  readonly description: string;
  /** ARN of the account's GitHub OIDC provider (GithubOidcProvider). */
  readonly providerArn: string;
  /**
   * Who may assume the role: each entry one repository in one context (a branch, a GitHub
   * Environment, or pull requests). Each becomes one exact `sub` value; nothing else is accepted.
   */
  readonly trustedBy: readonly GithubTrust[];
  /**
   * What the role may do: written as customer-managed policies `<path><roleName>-<n>`, as many as
   * its statements need (a deploy role's rights outgrow the 10,240 characters of inline policies).
   */
  readonly statements: readonly DataAwsIamPolicyDocumentStatement[];
  /**
   * Longest session a workflow may ask for, in seconds (IAM accepts 3600 to 43200).
   * @default 3600
   */
  readonly maxSessionDurationSeconds?: number;
}

/**
 * An IAM role that GitHub Actions jobs assume with their OIDC token (no keys anywhere). The trust
 * policy accepts only tokens whose audience is `sts.amazonaws.com` and whose subject is exactly one
 * of the given repository-and-context pairs, compared with StringEquals: a pattern cannot be
 * expressed through these props, and the security rule IAM-004 refuses one written by hand.
 */
export class GithubOidcRole extends Construct {
  public readonly roleArn: string;
  public readonly roleName: string;
  /** The exact `sub` values the trust policy accepts. */
  public readonly subjects: readonly string[];

  constructor(scope: Construct, id: string, props: GithubOidcRoleProps) {
    super(scope, id);
    throwOnProblems(this.node.path, githubOidcRoleProblems(props));
    this.subjects = props.trustedBy.map((t) => githubSubject(t.repository, t.context));

    const trust = new DataAwsIamPolicyDocument(this, 'trust', {
      statement: [
        {
          sid: 'GithubActions',
          actions: ['sts:AssumeRoleWithWebIdentity'],
          principals: [{ type: 'Federated', identifiers: [props.providerArn] }],
          condition: [
            { test: 'StringEquals', variable: GITHUB_AUD_KEY, values: [STS_AUDIENCE] },
            { test: 'StringEquals', variable: GITHUB_SUB_KEY, values: [...this.subjects] },
          ],
        },
      ],
    });
    const role = new IamRole(this, 'role', {
      name: props.roleName,
      path: props.path,
      description: props.description,
      assumeRolePolicy: trust.json,
      maxSessionDuration: props.maxSessionDurationSeconds ?? DEFAULT_MAX_SESSION_SECONDS,
    });
    packStatements(props.statements, POLICY_BUDGET).forEach((statements, i) => {
      const n = i + 1;
      const document = new DataAwsIamPolicyDocument(this, `permissions-${n}`, { statement: statements });
      const policy = new IamPolicy(this, `policy-${n}`, {
        name: `${props.roleName}-${n}`,
        path: props.path,
        description: `Permissions of ${props.roleName}, part ${n}`,
        policy: document.json,
      });
      new IamRolePolicyAttachment(this, `attachment-${n}`, { role: role.name, policyArn: policy.arn });
    });
    this.roleArn = role.arn;
    this.roleName = role.name;
  }
}

/**
 * Statements in order, in groups whose JSON stays within `budget` characters, references counted as
 * the longest partition name: one statement larger than that is a group of its own.
 */
export function packStatements(
  statements: readonly DataAwsIamPolicyDocumentStatement[],
  budget: number,
): DataAwsIamPolicyDocumentStatement[][] {
  const size = (s: DataAwsIamPolicyDocumentStatement) =>
    JSON.stringify(s).replace(/\$\{TfToken\[[^\]]*\]\}/g, 'aws-us-gov').length;
  const groups: DataAwsIamPolicyDocumentStatement[][] = [];
  let used = budget;
  for (const statement of statements) {
    if (used + size(statement) > budget) {
      groups.push([]);
      used = 0;
    }
    groups[groups.length - 1].push(statement);
    used += size(statement);
  }
  return groups;
}
