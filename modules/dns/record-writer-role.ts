import { Construct } from 'constructs';
import {
  DataAwsIamPolicyDocument,
  type DataAwsIamPolicyDocumentStatement,
} from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { throwOnProblems } from '../core';
import { recordWriterRoleProblems } from './validation';

const DEFAULT_EXCLUDED_DOMAINS: readonly string[] = [];
/**
 * Every change action there is: Terraform creates records with CREATE (UPSERT with
 * `allow_overwrite`), updates with UPSERT and removes or renames with DELETE. Listed so that an
 * action Route 53 might add later is not allowed unseen.
 */
const CHANGE_ACTIONS = ['CREATE', 'UPSERT', 'DELETE'];
const NAMES_KEY = 'route53:ChangeResourceRecordSetsNormalizedRecordNames';
const TYPES_KEY = 'route53:ChangeResourceRecordSetsRecordTypes';
const ACTIONS_KEY = 'route53:ChangeResourceRecordSetsActions';

export interface RecordWriterRoleProps {
  /** IAM role name, for example `webapp-dev-dns-records`. */
  readonly roleName: string;
  /**
   * IAM path of the role, for example `/delivery/`.
   * @default '/'
   */
  readonly path?: string;
  /** ARN of the hosted zone the role may write to. */
  readonly zoneArn: string;
  /** The only account whose principals may assume the role (an environment's account). */
  readonly trustedAccountId: string;
  /** The domain whose records the role may write: the name itself and every name below it. */
  readonly domainName: string;
  /** The record types the role may change, upper case (`A`, `CNAME`): those its environment writes. */
  readonly recordTypes: readonly string[];
  /**
   * Domains the role must never change, nor any name below them: the other environments' domains.
   * Those at or below `domainName` (all of them, when it is the apex) get an explicit Deny.
   * @default []
   */
  readonly excludedDomains?: readonly string[];
}

/**
 * A role in the zone's account that one environment assumes to write its own records (ACM
 * validation CNAMEs, the ALB alias) into the shared public zone. Environments may live in other
 * accounts, and Route53 has no resource policy, so a role is the only cross-account way in.
 *
 * Route53's condition keys keep each environment to its own records: names at or below its
 * domain (`ChangeResourceRecordSetsNormalizedRecordNames`) of the types it writes
 * (`ChangeResourceRecordSetsRecordTypes`), and an explicit Deny for every other environment's
 * names inside its domain, since "at or below example.com" also covers dev.example.com.
 */
export class RecordWriterRole extends Construct {
  public readonly roleArn: string;

  constructor(scope: Construct, id: string, props: RecordWriterRoleProps) {
    super(scope, id);
    const excludedDomains = props.excludedDomains ?? DEFAULT_EXCLUDED_DOMAINS;
    throwOnProblems(this.node.path, recordWriterRoleProblems(props));

    const domain = normalizedRecordName(props.domainName);
    const nested = [...new Set(excludedDomains.map(normalizedRecordName))].filter((other) =>
      isAtOrBelow(other, domain),
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
      path: props.path,
      description: `Writes records under ${props.domainName} into the shared public zone`,
      assumeRolePolicy: trust.json,
      maxSessionDuration: 3600,
    });
    const permissions = new DataAwsIamPolicyDocument(this, 'permissions', {
      statement: writeStatements(props, domain, nested, partition.partition),
    });
    new IamRolePolicy(this, 'policy', { name: 'write-own-records', role: role.id, policy: permissions.json });
    this.roleArn = role.arn;
  }
}

/**
 * Changes to the domain's own names of its own types, never to a nested domain's names, and the
 * reads and waits a Terraform apply makes around them.
 */
function writeStatements(
  props: RecordWriterRoleProps,
  domain: string,
  nested: readonly string[],
  partition: string,
): DataAwsIamPolicyDocumentStatement[] {
  return [
    {
      sid: 'OwnNamesOnly',
      actions: ['route53:ChangeResourceRecordSets'],
      resources: [props.zoneArn],
      // ForAllValues: every record of a change batch must match (a batch is all or nothing).
      // It also holds when a key is missing, so Null demands the names and types be present.
      condition: [
        { test: 'ForAllValues:StringLike', variable: NAMES_KEY, values: namesAtOrBelow(domain) },
        { test: 'ForAllValues:StringEquals', variable: TYPES_KEY, values: [...props.recordTypes] },
        { test: 'ForAllValues:StringEquals', variable: ACTIONS_KEY, values: CHANGE_ACTIONS },
        { test: 'Null', variable: NAMES_KEY, values: ['false'] },
        { test: 'Null', variable: TYPES_KEY, values: ['false'] },
      ],
    },
    // ForAnyValue: one such name anywhere in a batch refuses the whole batch.
    ...(nested.length > 0
      ? [
          {
            sid: 'NotOtherEnvironmentsNames',
            effect: 'Deny',
            actions: ['route53:ChangeResourceRecordSets'],
            resources: [props.zoneArn],
            condition: [
              {
                test: 'ForAnyValue:StringLike',
                variable: NAMES_KEY,
                values: nested.flatMap(namesAtOrBelow),
              },
            ],
          },
        ]
      : []),
    {
      sid: 'ReadZone',
      actions: ['route53:GetHostedZone', 'route53:ListResourceRecordSets', 'route53:ListTagsForResource'],
      resources: [props.zoneArn],
    },
    {
      sid: 'WaitForChanges',
      actions: ['route53:GetChange'],
      resources: [`arn:${partition}:route53:::change/*`],
    },
  ];
}

/**
 * A name as Route 53 puts it in `ChangeResourceRecordSetsNormalizedRecordNames`: lower case, no
 * trailing dot, and every character other than a-z, 0-9, `-`, `_` and `.` as `\` and its three-digit
 * octal code (`*.example.com` is `\052.example.com`).
 */
export function normalizedRecordName(name: string): string {
  return name
    .toLowerCase()
    .replace(/\.$/, '')
    .replace(/[^a-z0-9_.-]/g, (c) => `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`);
}

/** `StringLike` patterns of a normalized name and every name below it. */
function namesAtOrBelow(name: string): string[] {
  return [name, `*.${name}`];
}

function isAtOrBelow(name: string, domain: string): boolean {
  return name === domain || name.endsWith(`.${domain}`);
}
