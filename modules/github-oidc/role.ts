import { Construct } from 'constructs';
import {
  DataAwsIamPolicyDocument,
  type DataAwsIamPolicyDocumentStatement,
} from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { GITHUB_AUD_KEY, GITHUB_SUB_KEY, STS_AUDIENCE, githubSubject } from '../core/github-oidc';
import { check, integerIn, throwOnProblems, under, type Problem } from '../core/validation';
import { trustProblems, type GithubTrust } from './validation';

const DEFAULT_MAX_SESSION_SECONDS = 3600;

export interface GithubOidcRoleProps {
  /** IAM role name, for example `webapp-dev-deploy-services`. */
  readonly roleName: string;
  /** What the role is for (the IAM description). */
  readonly description: string;
  /** ARN of the account's GitHub OIDC provider (GithubOidcProvider). */
  readonly providerArn: string;
  /**
   * Who may assume the role: each entry one repository in one context (a branch, a GitHub
   * Environment, or pull requests). Each becomes one exact `sub` value; nothing else is accepted.
   */
  readonly trustedBy: readonly GithubTrust[];
  /** What the role may do: its one inline policy. */
  readonly statements: readonly DataAwsIamPolicyDocumentStatement[];
  /**
   * Longest session a workflow may ask for, in seconds (IAM accepts 3600 to 43200).
   * @default 3600
   */
  readonly maxSessionDurationSeconds?: number;
}

export function githubOidcRoleProblems(props: GithubOidcRoleProps): Problem[] {
  return [
    ...check(
      props.trustedBy.length > 0,
      'trustedBy',
      props.trustedBy,
      'is empty',
      'at least one repository and context',
    ),
    ...props.trustedBy.flatMap((trust, i) => under(`trustedBy[${i}]`, trustProblems(trust))),
    ...check(
      props.statements.length > 0,
      'statements',
      props.statements,
      'is empty',
      'at least one statement',
    ),
    ...integerIn(
      'maxSessionDurationSeconds',
      props.maxSessionDurationSeconds ?? DEFAULT_MAX_SESSION_SECONDS,
      3600,
      43200,
      'seconds',
    ),
  ];
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
      description: props.description,
      assumeRolePolicy: trust.json,
      maxSessionDuration: props.maxSessionDurationSeconds ?? DEFAULT_MAX_SESSION_SECONDS,
    });
    const permissions = new DataAwsIamPolicyDocument(this, 'permissions', {
      statement: [...props.statements],
    });
    new IamRolePolicy(this, 'policy', { name: 'permissions', role: role.id, policy: permissions.json });
    this.roleArn = role.arn;
    this.roleName = role.name;
  }
}
