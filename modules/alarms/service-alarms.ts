import { Construct } from 'constructs';
import { notifyingAlarm, type AlarmSpec } from './notifying-alarm';
import { throwOnProblems } from '../core';
import { serviceAlarmsProblems, type ServiceAlarmThresholds } from './validation';

export type { ServiceAlarmThresholds };

/**
 * CPU and memory: 15 minutes of 5-minute averages. Autoscaling absorbs shorter peaks; a sustained
 * high value means it cannot keep up (at its maximum, or capacity is short).
 */
const UTILIZATION = { period: 300, evaluationPeriods: 3, datapointsToAlarm: 3 };
/**
 * Tasks below desired: 10 one-minute points. A scale-out on EC2 spot capacity waits for an instance
 * to launch and the image to be pulled, which takes several minutes and is no incident.
 */
const TASKS = { period: 60, evaluationPeriods: 10, datapointsToAlarm: 10 };
/** Unhealthy targets: 3 of 5 minutes, so a crash loop that flaps between healthy and not still pages. */
const UNHEALTHY = { period: 60, evaluationPeriods: 5, datapointsToAlarm: 3 };
/** Latency: 5 minutes in a row of a high p95. */
const LATENCY = { period: 60, evaluationPeriods: 5, datapointsToAlarm: 5 };

/** Where an ALB service's target metrics are published. */
export interface ServiceAlarmTargetGroup {
  /** The target group's ARN suffix, `targetgroup/<name>/<id>`. */
  readonly arnSuffix: string;
  /** The ALB's ARN suffix, `app/<name>/<id>`. */
  readonly albArnSuffix: string;
}

export interface ServiceAlarmsProps {
  /** Prefix of alarm names, for example `webapp-dev`. */
  readonly namePrefix: string;
  /** Short service name, for example `backend`; the second part of alarm names. */
  readonly serviceName: string;
  /** ECS cluster of the service; needs Container Insights for the tasks-below-desired alarm. */
  readonly clusterName: string;
  /** The ECS service's full name, as the ServiceName metric dimension. */
  readonly ecsServiceName: string;
  /** Topic notified on ALARM and OK. */
  readonly topicArn: string;
  /** Values above which the alarms fire. */
  readonly thresholds: ServiceAlarmThresholds;
  /**
   * The service's target group behind the ALB: adds unhealthy-target and response-time alarms.
   * @default - no ALB alarms
   */
  readonly targetGroup?: ServiceAlarmTargetGroup;
}

/** Alarms of one ECS service: saturation, missing tasks, and, behind the ALB, target health and latency. */
export class ServiceAlarms extends Construct {
  /** Names of the alarms, for dashboards and composite alarms. */
  public readonly alarmNames: string[];

  constructor(scope: Construct, id: string, props: ServiceAlarmsProps) {
    super(scope, id);
    throwOnProblems(this.node.path, serviceAlarmsProblems(props));

    const service = props.serviceName;
    const prefix = `${props.namePrefix}-${service}`;
    const serviceDimensions = { ClusterName: props.clusterName, ServiceName: props.ecsServiceName };
    const alarm = (alarmId: string, spec: AlarmSpec) =>
      notifyingAlarm(this, alarmId, prefix, props.topicArn, spec).alarmName;

    const names = [
      alarm('cpu-high', cpuHigh(service, serviceDimensions, props.thresholds.cpuPercent)),
      alarm('memory-high', memoryHigh(service, serviceDimensions, props.thresholds.memoryPercent)),
      alarm('tasks-below-desired', tasksBelowDesired(service, serviceDimensions)),
    ];
    if (props.targetGroup) {
      const targetDimensions = {
        TargetGroup: props.targetGroup.arnSuffix,
        LoadBalancer: props.targetGroup.albArnSuffix,
      };
      names.push(
        alarm('unhealthy-targets', unhealthyTargets(service, targetDimensions)),
        alarm(
          'response-time-high',
          responseTimeHigh(service, targetDimensions, props.thresholds.targetResponseTimeSeconds),
        ),
      );
    }
    this.alarmNames = names;
  }
}

type Dimensions = Record<string, string>;

function cpuHigh(service: string, dimensions: Dimensions, threshold: number): AlarmSpec {
  return utilization(
    'CPUUtilization',
    dimensions,
    threshold,
    `ECS service ${service} uses more CPU than reserved for 15 minutes. Check whether autoscaling is at its maximum ` +
      "and the tasks' CPU in Container Insights; raise the task CPU or the scaling maximum.",
  );
}

function memoryHigh(service: string, dimensions: Dimensions, threshold: number): AlarmSpec {
  return utilization(
    'MemoryUtilization',
    dimensions,
    threshold,
    `ECS service ${service} uses more memory than reserved for 15 minutes; tasks near their hard limit are ` +
      'killed (exit code 137). Look for a leak in the logs or raise the task memory.',
  );
}

function utilization(
  metricName: string,
  dimensions: Dimensions,
  threshold: number,
  description: string,
): AlarmSpec {
  return {
    ...UTILIZATION,
    alarmDescription: description,
    namespace: 'AWS/ECS',
    metricName,
    dimensions,
    statistic: 'Average',
    comparisonOperator: 'GreaterThanThreshold',
    threshold,
    // A service without running tasks reports nothing; that is the tasks-below-desired alarm's
    // case, so silence here is not saturation.
    treatMissingData: 'notBreaching',
  };
}

function tasksBelowDesired(service: string, dimensions: Dimensions): AlarmSpec {
  return {
    // A metric-math alarm takes its period from the queries; a top-level period conflicts.
    evaluationPeriods: TASKS.evaluationPeriods,
    datapointsToAlarm: TASKS.datapointsToAlarm,
    alarmDescription:
      `ECS service ${service} has run fewer tasks than desired for 10 minutes. Look at the service's events ` +
      "(placement failures, capacity, image pulls) and at stopped tasks' reasons.",
    metricQuery: [
      containerInsightsQuery('desired', 'DesiredTaskCount', dimensions),
      containerInsightsQuery('running', 'RunningTaskCount', dimensions),
      { id: 'missing', expression: 'desired - running', label: 'Tasks below desired', returnData: true },
    ],
    comparisonOperator: 'GreaterThanThreshold',
    threshold: 0,
    // Container Insights reports both counts every minute while the service exists, even at
    // zero tasks; silence means the service is gone or Container Insights is off, and either
    // leaves the service unwatched.
    treatMissingData: 'breaching',
  };
}

function containerInsightsQuery(queryId: string, metricName: string, dimensions: Dimensions) {
  return {
    id: queryId,
    returnData: false,
    metric: {
      namespace: 'ECS/ContainerInsights',
      metricName,
      dimensions,
      stat: 'Average',
      period: TASKS.period,
    },
  };
}

function unhealthyTargets(service: string, dimensions: Dimensions): AlarmSpec {
  return {
    ...UNHEALTHY,
    alarmDescription:
      `Targets of ECS service ${service} fail the ALB health check. Look at the target group's health ` +
      "reasons, the health check path and the tasks' logs.",
    namespace: 'AWS/ApplicationELB',
    metricName: 'UnHealthyHostCount',
    dimensions,
    statistic: 'Maximum',
    comparisonOperator: 'GreaterThanThreshold',
    threshold: 0,
    // A target group without registered targets publishes nothing; no targets, none unhealthy.
    treatMissingData: 'notBreaching',
  };
}

function responseTimeHigh(service: string, dimensions: Dimensions, thresholdSeconds: number): AlarmSpec {
  return {
    ...LATENCY,
    alarmDescription:
      `The p95 response time of ECS service ${service} is high for 5 minutes. Look at CPU and memory, ` +
      'the database, and the slowest requests in the logs.',
    namespace: 'AWS/ApplicationELB',
    metricName: 'TargetResponseTime',
    dimensions,
    extendedStatistic: 'p95',
    // A p95 over a handful of requests is one slow request; quiet minutes are left out.
    evaluateLowSampleCountPercentiles: 'ignore',
    comparisonOperator: 'GreaterThanThreshold',
    threshold: thresholdSeconds,
    // No requests, no response times.
    treatMissingData: 'notBreaching',
  };
}
