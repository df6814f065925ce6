import type { ProjectConfig } from './types';

/**
 * Settings shared by every environment. The account IDs and the domain are placeholders:
 * replace them with your own before the first deploy (docs/configuration.md).
 */
export const project: ProjectConfig = {
  name: 'webapp',
  region: 'ap-northeast-1',
  stateBucket: 'webapp-terraform-state-111111111111',
  apexDomain: 'example.com',
  sharedAccountId: '111111111111',
  // This repository on GitHub; its workflows plan and deploy (docs/delivery.md).
  repository: 'acme/webapp-platform',
  // Every image an application pushes runs in dev at once; stg and prod get it by promotion.
  autoDeploy: ['dev'],
  registry: {
    untaggedExpiryDays: 7,
    keepTagged: [
      // Promoted images (the release workflows tag each release-<commit>): kept at least as long
      // as builds, so the image prod runs goes only after this many newer promotions.
      { tagPrefix: 'release-', count: 100 },
      { tagPrefix: 'sha-', count: 50 },
    ],
  },
  // A new service is an entry here plus its sizing in each environment that runs it.
  services: {
    frontend: {
      port: 80,
      exposure: 'public',
      healthCheckPath: '/healthz',
      source: { repository: 'acme/webapp-frontend', branch: 'main' },
    },
    backend: {
      port: 8080,
      exposure: 'internal',
      clients: ['frontend'],
      healthCheckPath: '/healthz',
      usesDatabase: true,
      source: { repository: 'acme/webapp-backend', branch: 'main' },
    },
  },
};
