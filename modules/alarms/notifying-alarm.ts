import type { Construct } from 'constructs';
import {
  CloudwatchMetricAlarm,
  type CloudwatchMetricAlarmConfig,
} from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';

/** An alarm as the constructs describe it: everything but its name prefix and its actions. */
export type AlarmSpec = Omit<CloudwatchMetricAlarmConfig, 'alarmName' | 'alarmActions' | 'okActions'>;

/**
 * An alarm named `<namePrefix>-<id>` that notifies the topic on ALARM and on OK, so whoever was
 * paged also learns that it is over. INSUFFICIENT_DATA notifies nobody: each alarm decides with
 * treat_missing_data what silence means.
 */
export function notifyingAlarm(
  scope: Construct,
  id: string,
  namePrefix: string,
  topicArn: string,
  spec: AlarmSpec,
): CloudwatchMetricAlarm {
  return new CloudwatchMetricAlarm(scope, id, {
    ...spec,
    alarmName: `${namePrefix}-${id}`,
    alarmActions: [topicArn],
    okActions: [topicArn],
  });
}
