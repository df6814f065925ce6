import type { Construct } from 'constructs';
import { LbListenerRule, type LbListenerRuleCondition } from '@cdktf/provider-aws/lib/lb-listener-rule';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import type { ResolvedEcsServiceProps, ResolvedLoadBalancer } from './ecs-service';

export interface ListenerAttachment {
  readonly targetGroup: LbTargetGroup;
  readonly listenerRule: LbListenerRule;
}

/** The service's own target group and the listener rule that forwards its traffic to it. */
export function attachToListener(
  scope: Construct,
  p: ResolvedEcsServiceProps,
  lb: ResolvedLoadBalancer,
): ListenerAttachment {
  const targetGroup = new LbTargetGroup(scope, 'target-group', {
    // A prefix, not a name: changing the port or protocol replaces the group, and the new one
    // must exist (and take the listener rule) before the old one can go.
    namePrefix: targetGroupNamePrefix(p.serviceName),
    lifecycle: { createBeforeDestroy: true },
    // awsvpc tasks register by ENI address, not by instance.
    targetType: 'ip',
    protocol: 'HTTP',
    port: p.port,
    vpcId: lb.vpcId,
    deregistrationDelay: String(lb.deregistrationDelaySeconds),
    healthCheck: {
      enabled: true,
      protocol: 'HTTP',
      port: 'traffic-port',
      path: p.healthCheckPath,
      matcher: '200-399',
      interval: 15,
      timeout: 5,
      healthyThreshold: 2,
      unhealthyThreshold: 3,
    },
  });

  // One condition type per block: each ALB rule condition has exactly one field.
  const conditions: LbListenerRuleCondition[] = [];
  if (lb.hostHeaders.length > 0) conditions.push({ hostHeader: { values: [...lb.hostHeaders] } });
  if (lb.pathPatterns.length > 0) conditions.push({ pathPattern: { values: [...lb.pathPatterns] } });

  const listenerRule = new LbListenerRule(scope, 'listener-rule', {
    listenerArn: lb.listenerArn,
    priority: lb.priority,
    condition: conditions,
    action: [{ type: 'forward', targetGroupArn: targetGroup.arn }],
  });
  return { targetGroup, listenerRule };
}

/** Target group name prefixes are at most 6 characters; AWS appends a unique suffix. */
export function targetGroupNamePrefix(serviceName: string): string {
  return `${serviceName.slice(0, 5)}-`;
}
