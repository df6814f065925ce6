export * from './ecs-001-literal-container-definitions';
export * from './ecs-002-not-privileged';
export * from './ecs-003-read-only-root';
export * from './ecs-004-no-plain-secrets';
export * from './ecs-005-awslogs';
