import { ACCOUNT_ID, EMAIL_ADDRESS, check, isKnown, under, type Problem } from '../core';
import type { AlarmTopicProps } from './alarm-topic';
import type { DatabaseAlarmsProps } from './database-alarms';
import type { LoadBalancerAlarmsProps } from './load-balancer-alarms';
import type { ServiceAlarmsProps } from './service-alarms';

/**
 * Rules shared by the alarm constructs, as problem functions; values that are tokens are only
 * known at apply time and are skipped.
 */

/** A number above zero, such as an error count or a latency. */
export function positive(path: string, value: number): Problem[] {
  return check(
    !isKnown(value) || (Number.isFinite(value) && value > 0),
    path,
    value,
    'is not a positive threshold',
    'a number greater than 0',
  );
}

/** A percentage threshold; below 1 would alarm on any load and above 100 never. */
export function percent(path: string, value: number): Problem[] {
  return check(
    !isKnown(value) || (Number.isFinite(value) && value >= 1 && value <= 100),
    path,
    value,
    'is not a usable percentage threshold',
    'a number from 1 to 100',
  );
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** A piece of an alarm name: CloudWatch accepts much more, but these also read well in e-mail subjects. */
export function namePart(path: string, value: string): Problem[] {
  return check(
    !isKnown(value) || NAME.test(value),
    path,
    value,
    'is not usable in an alarm name',
    'letters, digits, ".", "_" and "-", starting with a letter or digit',
  );
}

/**
 * ELB metric dimensions take the ARN suffix (`app/<name>/<id>`), not the ARN. A full ARN makes a
 * valid alarm on a metric that never exists, which with notBreaching stays OK forever.
 */
export function arnSuffix(path: string, value: string, kind: 'app' | 'targetgroup'): Problem[] {
  return check(
    !isKnown(value) || new RegExp(`^${kind}/[A-Za-z0-9-]+/[0-9a-f]+$`).test(value),
    path,
    value,
    'is not an ELB ARN suffix',
    `the ARN suffix, ${kind}/<name>/<id> (the resource's arn_suffix attribute)`,
  );
}

export function accountId(path: string, value: string): Problem[] {
  return check(
    !isKnown(value) || ACCOUNT_ID.test(value),
    path,
    value,
    'is not an AWS account ID',
    'exactly 12 digits, as a string',
  );
}

/**
 * One kebab-case construct ID per address (`email-ops-example-com`). Addresses that differ only in
 * case or punctuation would share an ID (and in the case of case, a mailbox), so they are refused.
 */
export function subscriptionId(email: string): string {
  return `email-${email.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
}

/** Problems with the addresses alarms are sent to. */
export function alarmEmailProblems(emails: readonly string[]): Problem[] {
  const seen = new Map<string, string>();
  return [
    ...check(
      emails.length > 0,
      'emails',
      emails,
      'sends alarms to nobody (a topic nobody reads hides alarms)',
      'one or more e-mail addresses',
    ),
    ...emails.flatMap((email, i) => {
      if (!isKnown(email))
        return check(
          false,
          `emails[${i}]`,
          '<token>',
          'is a token',
          'a literal address: it names the subscription',
        );
      const id = subscriptionId(email);
      const previous = seen.get(id);
      seen.set(id, previous ?? email);
      return [
        ...check(
          EMAIL_ADDRESS.test(email),
          `emails[${i}]`,
          email,
          'is not an e-mail address',
          'an address such as "oncall@example.com"',
        ),
        ...check(
          previous === undefined,
          `emails[${i}]`,
          email,
          `is the same subscription as ${JSON.stringify(previous)}`,
          'each address once',
        ),
      ];
    }),
  ];
}

/** Values above which the environment's load balancer alarms fire. */
export interface LoadBalancerAlarmThresholds {
  /** Alarm when the load balancer itself answers with more 5xx than this per minute (no target, timeouts). */
  readonly elb5xxPerMinute: number;
  /** Alarm when the targets answer with more 5xx than this per minute (application errors). */
  readonly target5xxPerMinute: number;
}

export function loadBalancerThresholdProblems(t: LoadBalancerAlarmThresholds): Problem[] {
  return [
    ...positive('elb5xxPerMinute', t.elb5xxPerMinute),
    ...positive('target5xxPerMinute', t.target5xxPerMinute),
  ];
}

/** Values above which a service's alarms fire. */
export interface ServiceAlarmThresholds {
  /** Alarm when the service's average CPU utilization is above this percentage (1 to 100). */
  readonly cpuPercent: number;
  /** Alarm when the service's average memory utilization is above this percentage (1 to 100). */
  readonly memoryPercent: number;
  /** Alarm when the target group's p95 response time is above this many seconds (ALB services only). */
  readonly targetResponseTimeSeconds: number;
}

export function serviceThresholdProblems(t: ServiceAlarmThresholds): Problem[] {
  return [
    ...percent('cpuPercent', t.cpuPercent),
    ...percent('memoryPercent', t.memoryPercent),
    ...positive('targetResponseTimeSeconds', t.targetResponseTimeSeconds),
  ];
}

/** Values at which the database's alarms fire. */
export interface DatabaseAlarmThresholds {
  /** Alarm when an instance's CPU utilization is above this percentage (1 to 100). */
  readonly cpuPercent: number;
  /** Alarm when an instance holds more client connections than this. */
  readonly connections: number;
  /** Alarm when an instance's freeable memory is below this many bytes. */
  readonly freeableMemoryBytes: number;
}

export function databaseThresholdProblems(t: DatabaseAlarmThresholds): Problem[] {
  return [
    ...percent('cpuPercent', t.cpuPercent),
    ...positive('connections', t.connections),
    ...positive('freeableMemoryBytes', t.freeableMemoryBytes),
  ];
}

const CLUSTER_ARN = /^arn:[a-z-]+:ecs:[a-z0-9-]+:\d{12}:cluster\/[A-Za-z0-9_-]{1,255}$/;
/** RDS cluster identifiers: a letter, then letters, digits and single hyphens, at most 63. */
const CLUSTER_IDENTIFIER = /^[A-Za-z](?!.*--)[A-Za-z0-9-]{0,62}$/;

/** Every problem of AlarmTopic's props. */
export function alarmTopicProblems(props: AlarmTopicProps): Problem[] {
  return [
    ...namePart('namePrefix', props.namePrefix),
    ...accountId('accountId', props.accountId),
    ...check(
      !isKnown(props.clusterArn) || CLUSTER_ARN.test(props.clusterArn),
      'clusterArn',
      props.clusterArn,
      'is not an ECS cluster ARN',
      'arn:<partition>:ecs:<region>:<account>:cluster/<name>',
    ),
    ...alarmEmailProblems(props.emails),
  ];
}

/** Every problem of DatabaseAlarms' props. */
export function databaseAlarmsProblems(props: DatabaseAlarmsProps): Problem[] {
  return [
    ...namePart('namePrefix', props.namePrefix),
    ...check(
      !isKnown(props.clusterIdentifier) || CLUSTER_IDENTIFIER.test(props.clusterIdentifier),
      'clusterIdentifier',
      props.clusterIdentifier,
      'is not an RDS cluster identifier',
      'a letter, then letters, digits and single hyphens, at most 63 (not an ARN)',
    ),
    ...under('thresholds', databaseThresholdProblems(props.thresholds)),
  ];
}

/** Every problem of LoadBalancerAlarms' props. */
export function loadBalancerAlarmsProblems(props: LoadBalancerAlarmsProps): Problem[] {
  return [
    ...namePart('namePrefix', props.namePrefix),
    ...arnSuffix('albArnSuffix', props.albArnSuffix, 'app'),
    ...under('thresholds', loadBalancerThresholdProblems(props.thresholds)),
  ];
}

/** Every problem of ServiceAlarms' props. */
export function serviceAlarmsProblems(props: ServiceAlarmsProps): Problem[] {
  return [
    ...namePart('namePrefix', props.namePrefix),
    ...namePart('serviceName', props.serviceName),
    ...under('thresholds', serviceThresholdProblems(props.thresholds)),
    ...(props.targetGroup
      ? [
          ...arnSuffix('targetGroup.arnSuffix', props.targetGroup.arnSuffix, 'targetgroup'),
          ...arnSuffix('targetGroup.albArnSuffix', props.targetGroup.albArnSuffix, 'app'),
        ]
      : []),
  ];
}
