import type { Construct } from 'constructs';
import type { ITerraformDependable } from 'cdktf';
import { AppautoscalingPolicy } from '@cdktf/provider-aws/lib/appautoscaling-policy';
import { AppautoscalingTarget } from '@cdktf/provider-aws/lib/appautoscaling-target';
import type { ResolvedEcsServiceProps } from './ecs-service';

/** The request-count metric of one target group behind one ALB. */
export interface RequestCountMetric {
  /** `<alb arn suffix>/<target group arn suffix>`. */
  readonly resourceLabel: string;
  readonly requestsPerTarget: number;
  /** The metric exists only once the target group is attached to the ALB through the rule. */
  readonly dependsOn: ITerraformDependable[];
}

// Scale out quickly on load, scale in slowly to avoid flapping.
const SCALE_OUT_COOLDOWN_SECONDS = 60;
const SCALE_IN_COOLDOWN_SECONDS = 300;

/** Target tracking on CPU, and on ALB requests per task when the service is behind the ALB. */
export function addAutoscaling(
  scope: Construct,
  p: ResolvedEcsServiceProps,
  ecsServiceName: string,
  requests: RequestCountMetric | undefined,
): AppautoscalingTarget {
  const target = new AppautoscalingTarget(scope, 'scaling-target', {
    serviceNamespace: 'ecs',
    scalableDimension: 'ecs:service:DesiredCount',
    resourceId: `service/${p.clusterName}/${ecsServiceName}`,
    minCapacity: p.minCount,
    maxCapacity: p.maxCount,
  });
  const policy = (
    id: string,
    suffix: string,
    targetValue: number,
    metric: string,
    resourceLabel?: string,
    dependsOn?: ITerraformDependable[],
  ) =>
    new AppautoscalingPolicy(scope, id, {
      name: `${p.baseName}-${suffix}`,
      policyType: 'TargetTrackingScaling',
      serviceNamespace: target.serviceNamespace,
      scalableDimension: target.scalableDimension,
      resourceId: target.resourceId,
      targetTrackingScalingPolicyConfiguration: {
        targetValue,
        scaleOutCooldown: SCALE_OUT_COOLDOWN_SECONDS,
        scaleInCooldown: SCALE_IN_COOLDOWN_SECONDS,
        predefinedMetricSpecification: { predefinedMetricType: metric, resourceLabel },
      },
      dependsOn,
    });

  policy('scaling-cpu', 'cpu', p.cpuTargetPercent, 'ECSServiceAverageCPUUtilization');
  if (requests !== undefined) {
    policy(
      'scaling-requests',
      'requests',
      requests.requestsPerTarget,
      'ALBRequestCountPerTarget',
      requests.resourceLabel,
      requests.dependsOn,
    );
  }
  return target;
}
