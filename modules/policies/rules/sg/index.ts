export * from './sg-001-no-world-ingress';
export * from './sg-002-descriptions';
