import { Construct } from 'constructs';
import { notifyingAlarm } from './notifying-alarm';
import { throwOnProblems } from '../core';
import { loadBalancerAlarmsProblems, type LoadBalancerAlarmThresholds } from './validation';

export type { LoadBalancerAlarmThresholds };

/** One-minute sums; 3 bad minutes out of 5 pages for sustained or flapping errors, not one blip. */
const PERIOD_SECONDS = 60;
const EVALUATION_PERIODS = 5;
const DATAPOINTS_TO_ALARM = 3;

export interface LoadBalancerAlarmsProps {
  /** Prefix of alarm names, for example `webapp-dev`. */
  readonly namePrefix: string;
  /** The ALB's ARN suffix, `app/<name>/<id>`, as its metrics are dimensioned. */
  readonly albArnSuffix: string;
  /** Topic notified on ALARM and OK. */
  readonly topicArn: string;
  /** Error counts above which the alarms fire. */
  readonly thresholds: LoadBalancerAlarmThresholds;
}

/** 5xx alarms of the environment's ALB: errors it generates itself and errors its targets return. */
export class LoadBalancerAlarms extends Construct {
  /** Names of the alarms, for dashboards and composite alarms. */
  public readonly alarmNames: string[];

  constructor(scope: Construct, id: string, props: LoadBalancerAlarmsProps) {
    super(scope, id);
    throwOnProblems(this.node.path, loadBalancerAlarmsProblems(props));

    const errors = (metricName: string, threshold: number, description: string) => ({
      alarmDescription: description,
      namespace: 'AWS/ApplicationELB',
      metricName,
      dimensions: { LoadBalancer: props.albArnSuffix },
      statistic: 'Sum',
      period: PERIOD_SECONDS,
      evaluationPeriods: EVALUATION_PERIODS,
      datapointsToAlarm: DATAPOINTS_TO_ALARM,
      comparisonOperator: 'GreaterThanThreshold',
      threshold,
      // The ALB publishes error counts only when there are errors: no data means no errors.
      treatMissingData: 'notBreaching',
    });

    this.alarmNames = [
      notifyingAlarm(
        this,
        'alb-elb-5xx',
        props.namePrefix,
        props.topicArn,
        errors(
          'HTTPCode_ELB_5XX_Count',
          props.thresholds.elb5xxPerMinute,
          'The ALB itself returns 5xx: 502/503 mean no healthy target or a target closed the connection, 504 a target timed out. ' +
            "Look at the target groups' healthy host counts and the ECS service events.",
        ),
      ),
      notifyingAlarm(
        this,
        'alb-target-5xx',
        props.namePrefix,
        props.topicArn,
        errors(
          'HTTPCode_Target_5XX_Count',
          props.thresholds.target5xxPerMinute,
          "The application returns 5xx through the ALB. Look at the services' logs in CloudWatch Logs and at recent deployments.",
        ),
      ),
    ].map((alarm) => alarm.alarmName);
  }
}
