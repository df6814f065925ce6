import type { ProjectConfig } from './types';

/**
 * Settings shared by every environment. The account IDs and the domain are placeholders:
 * replace them with your own before the first deploy (README, "Before the first deploy").
 */
export const project: ProjectConfig = {
  name: 'webapp',
  region: 'ap-northeast-1',
  stateBucket: 'webapp-terraform-state-111111111111',
  apexDomain: 'example.com',
  sharedAccountId: '111111111111',
};
