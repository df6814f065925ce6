import { Construct } from 'constructs';
import { Fn, Token } from 'cdktf';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { throwOnProblems } from '../core';
import { alarmTopicProblems, subscriptionId } from './validation';

const KEY_DELETION_WINDOW_DAYS = 30;
/** Services that publish to the topic: CloudWatch alarms and EventBridge rules. */
const PUBLISHERS = ['cloudwatch.amazonaws.com', 'events.amazonaws.com'];
/** What the account may do with its own topic; the list of SNS's default topic policy. */
const OWNER_ACTIONS = [
  'sns:GetTopicAttributes',
  'sns:SetTopicAttributes',
  'sns:AddPermission',
  'sns:RemovePermission',
  'sns:DeleteTopic',
  'sns:Subscribe',
  'sns:ListSubscriptionsByTopic',
  'sns:Publish',
];
/** Stops that are operations, not incidents: scale-in and deployments replacing old tasks. */
const ROUTINE_STOP_CODE = 'ServiceSchedulerInitiated';
/**
 * The scheduler also stops tasks that fail their ELB or container health checks ("Task failed ELB
 * health checks in ...", "Task failed container health checks"); those are incidents.
 */
const HEALTH_CHECK_STOP_REASON = 'Task failed';

/** The part of EventBridge's pattern grammar these rules use. */
type Matcher = string | { readonly prefix: string } | { readonly 'anything-but': string };
interface PatternFields {
  readonly [field: string]: readonly Matcher[] | readonly PatternFields[] | PatternFields;
}
/** A key policy, as KMS reads it. */
interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly {
    readonly Sid: string;
    readonly Effect: 'Allow';
    readonly Principal: { readonly AWS: string } | { readonly Service: readonly string[] };
    readonly Action: string | readonly string[];
    readonly Resource: '*';
  }[];
}
interface EventPattern {
  readonly source: readonly string[];
  readonly 'detail-type': readonly string[];
  /**
   * Resources the event must name.
   * @default - any
   */
  readonly resources?: readonly Matcher[];
  readonly detail: PatternFields;
}

export interface AlarmTopicProps {
  /** Prefix of resource names, for example `webapp-dev`; the topic is `<namePrefix>-alarms`. */
  readonly namePrefix: string;
  /** AWS account of the environment: owner of the key and topic, and the only allowed publisher's account. */
  readonly accountId: string;
  /** Addresses subscribed to the topic; each must confirm the e-mail SNS sends before it receives anything. */
  readonly emails: readonly string[];
  /** ECS cluster whose failed deployments and stopped service tasks are forwarded to the topic. */
  readonly clusterArn: string;
}

/**
 * The environment's alarm topic: encrypted with its own KMS key, published to by CloudWatch alarms
 * and by EventBridge rules for the cluster's failed deployments and stopped service tasks, and
 * delivered by e-mail.
 */
export class AlarmTopic extends Construct {
  /** Topic for alarm_actions and ok_actions of every alarm of the environment and its services. */
  public readonly topicArn: string;
  /** Key that encrypts the topic; other publishers need kms:GenerateDataKey* and kms:Decrypt on it. */
  public readonly kmsKeyArn: string;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    throwOnProblems(this.node.path, alarmTopicProblems(props));

    const partition = new DataAwsPartition(this, 'partition');
    const accountRoot = `arn:${partition.partition}:iam::${props.accountId}:root`;
    const name = `${props.namePrefix}-alarms`;

    const key = this.addKey(props.namePrefix, name, accountRoot);
    this.kmsKeyArn = key.arn;

    const topic = new SnsTopic(this, 'topic', {
      name,
      displayName: `${props.namePrefix} alarms`,
      kmsMasterKeyId: key.arn,
      tags: { Name: name },
    });
    this.topicArn = topic.arn;

    this.addTopicPolicy(topic, accountRoot, props.accountId);
    this.subscribeEmails(topic, props.emails);
    this.forwardEcsEvents(props.namePrefix, props.clusterArn, topic.arn);
  }

  // A customer managed key, because the AWS managed aws/sns key's policy cannot be changed and
  // does not let CloudWatch alarms or EventBridge use it: they would fail to publish, silently
  // except for the alarm history.
  private addKey(namePrefix: string, name: string, accountRoot: string): KmsKey {
    const key = new KmsKey(this, 'kms-key', {
      description: `Alarm notifications of ${namePrefix} (SNS topic ${name})`,
      enableKeyRotation: true,
      deletionWindowInDays: KEY_DELETION_WINDOW_DAYS,
      // JSON on the key rather than an aws_iam_policy_document: the root's kms:* and Resource "*"
      // are right for a key policy but are what IAM-001/IAM-002 of modules/policies refuse in
      // identity policies, and suppress() cannot exempt a data source (cdktf overwrites its "//").
      policy: JSON.stringify(keyPolicy(accountRoot)),
      tags: { Name: name },
    });
    new KmsAlias(this, 'kms-alias', { name: `alias/${name}`, targetKeyId: key.keyId });
    return key;
  }

  private addTopicPolicy(topic: SnsTopic, accountRoot: string, accountId: string): void {
    const topicPolicy = new DataAwsIamPolicyDocument(this, 'topic-policy-document', {
      statement: [
        {
          sid: 'AccountManagesTopic',
          actions: OWNER_ACTIONS,
          resources: [topic.arn],
          principals: [{ type: 'AWS', identifiers: [accountRoot] }],
        },
        {
          // The source account condition keeps other accounts' alarms and rules from using the
          // service principals to publish here (confused deputy).
          sid: 'AlarmsAndRulesOfThisAccountPublish',
          actions: ['sns:Publish'],
          resources: [topic.arn],
          principals: [{ type: 'Service', identifiers: PUBLISHERS }],
          condition: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [accountId] }],
        },
      ],
    });
    new SnsTopicPolicy(this, 'topic-policy', { arn: topic.arn, policy: topicPolicy.json });
  }

  private subscribeEmails(topic: SnsTopic, emails: readonly string[]): void {
    // Construct IDs come from the address, not its position: removing one address then removes one
    // subscription, where indices would shift and replace every later one, sending new
    // confirmation e-mails and leaving those people unsubscribed until they click again.
    for (const email of emails) {
      new SnsTopicSubscription(this, subscriptionId(email), {
        topicArn: topic.arn,
        protocol: 'email',
        endpoint: email,
      });
    }
  }

  private forwardEcsEvents(namePrefix: string, clusterArn: string, topicArn: string): void {
    // Deployment events name the service, not the cluster, in `resources`; service ARNs are
    // `...:service/<cluster>/<service>`. A literal ARN is rewritten here so the plan shows the
    // pattern; a reference becomes Terraform's replace().
    const servicePrefix = Token.isUnresolved(clusterArn)
      ? `${Fn.replace(clusterArn, ':cluster/', ':service/')}/`
      : `${clusterArn.replace(':cluster/', ':service/')}/`;

    this.rule(
      'deployment-failed',
      `${namePrefix}-ecs-deployment-failed`,
      'ECS deployments of the cluster stopped by the circuit breaker',
      {
        source: ['aws.ecs'],
        'detail-type': ['ECS Deployment State Change'],
        resources: [{ prefix: servicePrefix }],
        detail: { eventName: ['SERVICE_DEPLOYMENT_FAILED'] },
      },
      topicArn,
      {
        service: '$.resources[0]',
        deployment: '$.detail.deploymentId',
        reason: '$.detail.reason',
      },
      'ECS deployment failed and was rolled back: <service> (<deployment>): <reason>',
    );

    this.rule(
      'task-stopped',
      `${namePrefix}-ecs-task-stopped`,
      'Service tasks of the cluster that stopped for reasons other than scale-in or deployment',
      {
        source: ['aws.ecs'],
        'detail-type': ['ECS Task State Change'],
        detail: {
          clusterArn: [clusterArn],
          lastStatus: ['STOPPED'],
          // One-off tasks (migrations, scripts) stop when done; only service tasks are watched.
          group: [{ prefix: 'service:' }],
          $or: [
            { stopCode: [{ 'anything-but': ROUTINE_STOP_CODE }] },
            { stoppedReason: [{ prefix: HEALTH_CHECK_STOP_REASON }] },
          ],
        },
      },
      topicArn,
      {
        group: '$.detail.group',
        stopCode: '$.detail.stopCode',
        reason: '$.detail.stoppedReason',
        task: '$.detail.taskArn',
      },
      'ECS task of <group> stopped (<stopCode>): <reason>. Task: <task>',
    );
  }

  private rule(
    ruleId: string,
    name: string,
    description: string,
    pattern: EventPattern,
    topicArn: string,
    inputPaths: Record<string, string>,
    inputTemplate: string,
  ): void {
    const rule = new CloudwatchEventRule(this, `${ruleId}-rule`, {
      name,
      description,
      eventPattern: JSON.stringify(pattern),
    });
    // A plain-text template (no surrounding quotes or braces) arrives as a one-line e-mail body.
    new CloudwatchEventTarget(this, `${ruleId}-target`, {
      rule: rule.name,
      targetId: 'alarm-topic',
      arn: topicArn,
      inputTransformer: { inputPaths, inputTemplate },
    });
  }
}

/** Who may use the topic's key: the account, through IAM, and the publishing services. */
function keyPolicy(accountRoot: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        // Resource "*" in a key policy means this key. kms:* for the account root is KMS's default
        // statement: it hands the key to IAM policies, so the key can never become unmanageable.
        Sid: 'AccountAdministersKeyThroughIam',
        Effect: 'Allow',
        Principal: { AWS: accountRoot },
        Action: 'kms:*',
        Resource: '*',
      },
      {
        Sid: 'PublishersEncryptMessages',
        Effect: 'Allow',
        Principal: { Service: PUBLISHERS },
        Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        Resource: '*',
      },
    ],
  };
}
