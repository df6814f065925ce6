/**
 * The security rules (rules/, one file each) and the aspect that applies them to every stack
 * (SecurityPolicies), with suppress() for the exceptions a reviewer accepted.
 */
export { RESOURCELESS_ACTIONS, type Attributes, type SynthesizedElement } from '../core';
export * from './policy-rule';
export * from './rule-catalogue';
export * from './rules';
export * from './security-policies';
export * from './suppress';
export * from './validation';
