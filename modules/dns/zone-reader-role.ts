import { Construct } from 'constructs';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { throwOnProblems } from '../core';
import { zoneReaderRoleProblems } from './validation';

export interface ZoneReaderRoleProps {
  /** IAM role name, for example `webapp-dev-dns-plan`. */
  readonly roleName: string;
  /**
   * IAM path of the role, for example `/delivery/`.
   * @default '/'
   */
  readonly path?: string;
  /** ARN of the hosted zone the role may read. */
  readonly zoneArn: string;
  /** The account of the one role that may assume this one. */
  readonly trustedAccountId: string;
  /** ARN of that role (a plan role of an environment): no other principal of its account may assume this. */
  readonly trustedRoleArn: string;
}

/**
 * A role in the zone's account that reads the public zone and changes nothing: what a plan of an
 * environment stack gives its `aws.dns` provider, whose configuration assumes a role even when the
 * plan reads nothing. Plans run the code of pull requests, so they must not hold the record
 * writer's rights.
 *
 * The trust names the account and pins the caller with `aws:PrincipalArn`, rather than naming the
 * role as principal: IAM resolves a role principal to its unique ID when the policy is saved, so
 * the trust would break silently once that role is replaced.
 */
export class ZoneReaderRole extends Construct {
  public readonly roleArn: string;

  constructor(scope: Construct, id: string, props: ZoneReaderRoleProps) {
    super(scope, id);
    throwOnProblems(this.node.path, zoneReaderRoleProblems(props));
    const partition = new DataAwsPartition(this, 'partition');
    const trust = new DataAwsIamPolicyDocument(this, 'trust', {
      statement: [
        {
          actions: ['sts:AssumeRole'],
          principals: [
            { type: 'AWS', identifiers: [`arn:${partition.partition}:iam::${props.trustedAccountId}:root`] },
          ],
          condition: [{ test: 'ArnEquals', variable: 'aws:PrincipalArn', values: [props.trustedRoleArn] }],
        },
      ],
    });
    const role = new IamRole(this, 'role', {
      name: props.roleName,
      path: props.path,
      description: 'Reads the shared public zone for plans; writes nothing',
      assumeRolePolicy: trust.json,
      maxSessionDuration: 3600,
    });
    const permissions = new DataAwsIamPolicyDocument(this, 'permissions', {
      statement: [
        {
          sid: 'ReadZone',
          actions: ['route53:GetHostedZone', 'route53:ListResourceRecordSets', 'route53:ListTagsForResource'],
          resources: [props.zoneArn],
        },
      ],
    });
    new IamRolePolicy(this, 'policy', { name: 'read-zone', role: role.id, policy: permissions.json });
    this.roleArn = role.arn;
  }
}
