/**
 * The security rules, one file each, in a folder per rule-ID prefix: the ID a message names
 * (`ECS-003`) leads to its file (`ecs/ecs-003-read-only-root.ts`), and a folder lists the next
 * free number. Helpers that rules of one folder share sit beside them.
 */
export * from './alb';
export * from './ecr';
export * from './ecs';
export * from './iam';
export * from './log';
export * from './lt';
export * from './rds';
export * from './s3';
export * from './sg';
export * from './vpc';
