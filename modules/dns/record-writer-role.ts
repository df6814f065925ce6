import { Construct } from 'constructs';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { ACCOUNT_ID } from '../core/patterns';
import { check, isKnown, throwOnProblems } from '../core/validation';

export interface RecordWriterRoleProps {
  /** IAM role name, for example `webapp-dev-dns-records`. */
  readonly roleName: string;
  /** ARN of the hosted zone the role may write to. */
  readonly zoneArn: string;
  /** The only account whose principals may assume the role (an environment's account). */
  readonly trustedAccountId: string;
  /** The domain whose records the role may write: the name itself and every name below it. */
  readonly domainName: string;
}

/**
 * A role in the zone's account that one environment assumes to write its own records (ACM
 * validation CNAMEs, the ALB alias) into the shared public zone. Environments may live in other
 * accounts, and Route53 has no resource policy, so a role is the only cross-account way in; the
 * `ChangeResourceRecordSetsNormalizedRecordNames` condition keeps each environment to its names.
 */
export class RecordWriterRole extends Construct {
  public readonly roleArn: string;

  constructor(scope: Construct, id: string, props: RecordWriterRoleProps) {
    super(scope, id);
    throwOnProblems(
      this.node.path,
      check(
        !isKnown(props.trustedAccountId) || ACCOUNT_ID.test(props.trustedAccountId),
        'trustedAccountId',
        props.trustedAccountId,
        'is not an AWS account ID',
        'exactly 12 digits, as a string',
      ),
    );
    const partition = new DataAwsPartition(this, 'partition');
    const trust = new DataAwsIamPolicyDocument(this, 'trust', {
      statement: [
        {
          actions: ['sts:AssumeRole'],
          principals: [
            { type: 'AWS', identifiers: [`arn:${partition.partition}:iam::${props.trustedAccountId}:root`] },
          ],
        },
      ],
    });
    const role = new IamRole(this, 'role', {
      name: props.roleName,
      description: `Writes records under ${props.domainName} into the shared public zone`,
      assumeRolePolicy: trust.json,
      maxSessionDuration: 3600,
    });
    const permissions = new DataAwsIamPolicyDocument(this, 'permissions', {
      statement: [
        {
          sid: 'OwnNamesOnly',
          actions: ['route53:ChangeResourceRecordSets'],
          resources: [props.zoneArn],
          condition: [
            {
              test: 'ForAllValues:StringLike',
              variable: 'route53:ChangeResourceRecordSetsNormalizedRecordNames',
              values: [props.domainName, `*.${props.domainName}`],
            },
          ],
        },
        {
          sid: 'ReadZone',
          actions: ['route53:GetHostedZone', 'route53:ListResourceRecordSets', 'route53:ListTagsForResource'],
          resources: [props.zoneArn],
        },
        {
          sid: 'WaitForChanges',
          actions: ['route53:GetChange'],
          resources: [`arn:${partition.partition}:route53:::change/*`],
        },
      ],
    });
    new IamRolePolicy(this, 'policy', { name: 'write-own-records', role: role.id, policy: permissions.json });
    this.roleArn = role.arn;
  }
}
