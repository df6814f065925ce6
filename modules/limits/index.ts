/**
 * The AWS limits Terraform cannot see at plan time (quotas.ts, each with its source), measured on
 * the synthesized stacks by the ServiceLimits aspect.
 */
export { AppView, StackView } from '../core';
export { measureStack, type Finding } from './checks';
export { measureDocument, renderDocument, type Measurement } from './documents';
export * from './quotas';
export { UNKNOWN_REFERENCE_LENGTH } from './references';
export * from './service-limits';
export * from './validation';
