/**
 * Small helpers shared by the modules: naming and value patterns, validation problems, IAM
 * statement rules, CIDR arithmetic, the synthesized view of a stack that whole-stack checks read,
 * and the two constructs more than one module builds (PrivateBucket, WorkloadRole).
 */
export * from './app-view';
export * from './github-oidc';
export * from './iam-statements';
export * from './ipv4';
export * from './log-retention';
export * from './patterns';
export * from './private-bucket';
export * from './synthesized-element';
export * from './validation';
export * from './whole-stack-aspect';
export * from './workload-role';
