export * from './ecs-cluster';
export * from './instance-types';
export * from './validation';
