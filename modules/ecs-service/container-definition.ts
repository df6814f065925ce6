import { Token } from 'cdktf';
import type { ResolvedEcsServiceProps } from './ecs-service';

/** The subset of the ECS container definition this module writes. Field names are ECS's. */
export interface ContainerDefinition {
  readonly name: string;
  readonly image: string;
  readonly essential: true;
  readonly portMappings: readonly { containerPort: number; hostPort: number; protocol: 'tcp' }[];
  /**
   * Plain variables, sorted by name.
   * @default - none: the key is left out
   */
  readonly environment?: readonly { name: string; value: string }[];
  /**
   * Variables ECS fills from secrets, sorted by name.
   * @default - none: the key is left out
   */
  readonly secrets?: readonly { name: string; valueFrom: string }[];
  readonly healthCheck: {
    readonly command: readonly string[];
    readonly interval: number;
    readonly timeout: number;
    readonly retries: number;
    readonly startPeriod: number;
  };
  readonly readonlyRootFilesystem: boolean;
  readonly privileged: false;
  readonly linuxParameters: { readonly initProcessEnabled: boolean };
  /**
   * The scratch volumes, writable.
   * @default - none: the key is left out
   */
  readonly mountPoints?: readonly { sourceVolume: string; containerPath: string; readOnly: false }[];
  readonly logConfiguration: {
    readonly logDriver: 'awslogs';
    readonly options: Record<string, string>;
  };
}

/** A writable task-scoped volume and where the container sees it. */
export interface ScratchVolume {
  readonly name: string;
  readonly containerPath: string;
}

// ECS accepts a container health check start period of at most 300 s.
const MAX_START_PERIOD_SECONDS = 300;
const FALLBACK_START_PERIOD_SECONDS = 60;

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Volume names come from the position because paths hold characters (`/`, `.`) volume names may not. */
export function scratchVolumes(paths: readonly string[]): ScratchVolume[] {
  return paths.map((containerPath, i) => ({ name: `scratch-${i + 1}`, containerPath }));
}

/** The service's single container, as ECS expects it in `container_definitions`. */
export function containerDefinition(
  p: ResolvedEcsServiceProps,
  logGroupName: string,
  volumes: readonly ScratchVolume[],
): ContainerDefinition {
  // Sorted by name, as the provider normalises them, so that reordering the config never shows
  // up as a diff or a new task definition revision.
  const environment = Object.entries(p.environment)
    .sort(([a], [b]) => byName(a, b))
    .map(([name, value]) => ({ name, value }));
  const secrets = [...p.secrets]
    .sort((a, b) => byName(a.name, b.name))
    .map((s) => ({ name: s.name, valueFrom: s.valueFrom }));
  return {
    name: p.serviceName,
    image: `${p.image.repositoryUrl}:${p.image.tag}`,
    essential: true,
    // awsvpc gives each task its own ENI, so ECS requires hostPort == containerPort; writing it
    // avoids a perpetual diff against what ECS stores.
    portMappings: [{ containerPort: p.port, hostPort: p.port, protocol: 'tcp' }],
    ...(environment.length > 0 ? { environment } : {}),
    ...(secrets.length > 0 ? { secrets } : {}),
    healthCheck: healthCheck(p),
    readonlyRootFilesystem: p.readonlyRootFilesystem,
    privileged: false,
    // ECS Exec sessions leave orphaned processes; an init process (PID 1) reaps them.
    linuxParameters: { initProcessEnabled: p.enableExec },
    ...(volumes.length > 0
      ? {
          mountPoints: volumes.map((v) => ({
            sourceVolume: v.name,
            containerPath: v.containerPath,
            readOnly: false as const,
          })),
        }
      : {}),
    logConfiguration: {
      logDriver: 'awslogs',
      options: {
        'awslogs-group': logGroupName,
        'awslogs-region': p.region,
        'awslogs-stream-prefix': p.serviceName,
      },
    },
  };
}

/** The container's own health check: the same path and success codes as the target group's. */
function healthCheck(p: ResolvedEcsServiceProps): ContainerDefinition['healthCheck'] {
  const grace = p.deployment.healthCheckGracePeriodSeconds;
  // A number token cannot be compared at synth time, and JSON.stringify would write its encoding.
  const startPeriod = Token.isUnresolved(grace)
    ? FALLBACK_START_PERIOD_SECONDS
    : Math.min(grace, MAX_START_PERIOD_SECONDS);
  return {
    // curl: -f turns HTTP >= 400 into a failure, matching the target group's 200-399. The
    // image must ship curl; busybox-only images would need `wget -q --spider` instead.
    command: ['CMD-SHELL', `curl -fsS -o /dev/null http://localhost:${p.port}${p.healthCheckPath} || exit 1`],
    interval: 30,
    timeout: 5,
    retries: 3,
    // The app boots for as long as the load balancer is told to wait; ECS caps the period.
    startPeriod,
  };
}
