// Synth speed: CDKTF records a stack trace for every token it creates, for error messages only,
// and with tsx's source maps on each one is mapped back to TypeScript. Together that was about a
// third of the app's run time (npm run bench). DEBUG_SYNTH=1 keeps both for chasing a token error.
if (!process.env.DEBUG_SYNTH) {
  process.setSourceMapsEnabled(false);
  process.env.CDKTF_TOKEN_STACK_TRACES ??= 'off';
}

import { App } from 'cdktf';
import { environments, project } from './envs';
import { ConfigError, assertValid } from './envs/validate';
import { EnvironmentStack } from './stacks/environment-stack';
import { ServiceStack } from './stacks/service-stack';
import { SharedStack } from './stacks/shared-stack';
import { StateStack } from './stacks/state-stack';

// Validate before any construct exists, so bad config writes nothing to cdktf.out.
try {
  assertValid(project, environments);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

const app = new App();
new StateStack(app, 'state', project, environments);
const shared = new SharedStack(app, 'shared', project, environments);
for (const env of environments) {
  const environment = new EnvironmentStack(app, env.name, { project, env, shared });
  for (const serviceName of Object.keys(env.services)) {
    new ServiceStack(app, `${env.name}-${serviceName}`, { project, env, serviceName, environment, shared });
  }
}
app.synth();
