export type { ContainerDefinition } from './container-definition';
export * from './ecs-service';
export * from './fargate-sizes';
export { taskRoleNames } from './task-roles';
export * from './validation';
