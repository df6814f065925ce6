import { Construct } from 'constructs';
import { notifyingAlarm, type AlarmSpec } from './notifying-alarm';
import { throwOnProblems } from '../core';
import { databaseAlarmsProblems, type DatabaseAlarmThresholds } from './validation';

export type { DatabaseAlarmThresholds };

/** 15 minutes of 5-minute points: a database under a short batch job is no incident. */
const EVALUATION = { period: 300, evaluationPeriods: 3, datapointsToAlarm: 3 };

export interface DatabaseAlarmsProps {
  /** Prefix of alarm names, for example `webapp-dev`. */
  readonly namePrefix: string;
  /** The Aurora cluster identifier, the DBClusterIdentifier metric dimension. */
  readonly clusterIdentifier: string;
  /** Topic notified on ALARM and OK. */
  readonly topicArn: string;
  /** Values beyond which the alarms fire. */
  readonly thresholds: DatabaseAlarmThresholds;
}

/**
 * Alarms of an Aurora cluster on its cluster-level metrics. Each instance reports its samples under
 * the cluster's dimension, so Maximum and Minimum watch the busiest instance: an average would let
 * idle readers hide a saturated writer.
 */
export class DatabaseAlarms extends Construct {
  /** Names of the alarms, for dashboards and composite alarms. */
  public readonly alarmNames: string[];

  constructor(scope: Construct, id: string, props: DatabaseAlarmsProps) {
    super(scope, id);
    throwOnProblems(this.node.path, databaseAlarmsProblems(props));

    const metric = (metricName: string, statistic: string) => ({
      ...EVALUATION,
      namespace: 'AWS/RDS',
      metricName,
      dimensions: { DBClusterIdentifier: props.clusterIdentifier },
      statistic,
    });
    const alarm = (alarmId: string, spec: AlarmSpec) =>
      notifyingAlarm(this, alarmId, props.namePrefix, props.topicArn, spec).alarmName;

    this.alarmNames = [
      alarm('db-cpu-high', {
        ...metric('CPUUtilization', 'Maximum'),
        alarmDescription:
          `An instance of Aurora cluster ${props.clusterIdentifier} has used more CPU than the threshold for 15 minutes, ` +
          'or the cluster stopped reporting (stopped or deleted). Look at Performance Insights (where on) for the top SQL and at ' +
          'whether Serverless v2 is at its maximum ACU.',
        comparisonOperator: 'GreaterThanThreshold',
        threshold: props.thresholds.cpuPercent,
        // Serverless v2 with a minimum of at least 0.5 ACU never pauses, so it always reports; silence
        // means the cluster is stopped or gone. This one alarm says so, the other two stay quiet, so
        // an outage pages once.
        treatMissingData: 'breaching',
      }),
      alarm('db-connections-high', {
        ...metric('DatabaseConnections', 'Maximum'),
        alarmDescription:
          `An instance of Aurora cluster ${props.clusterIdentifier} holds more connections than the threshold for 15 ` +
          'minutes. Look for connection leaks or pools sized for more tasks than run; max_connections follows the ACU.',
        comparisonOperator: 'GreaterThanThreshold',
        threshold: props.thresholds.connections,
        treatMissingData: 'notBreaching',
      }),
      alarm('db-freeable-memory-low', {
        ...metric('FreeableMemory', 'Minimum'),
        alarmDescription:
          `An instance of Aurora cluster ${props.clusterIdentifier} has had less freeable memory than the threshold ` +
          'for 15 minutes. Raise the minimum ACU (memory scales with capacity) or look for memory-hungry queries.',
        comparisonOperator: 'LessThanThreshold',
        threshold: props.thresholds.freeableMemoryBytes,
        treatMissingData: 'notBreaching',
      }),
    ];
  }
}
