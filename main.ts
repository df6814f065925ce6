// First: turns off what only error messages need before anything else loads (see the file).
import './stacks/synth-speed';
import { App } from 'cdktf';
import { environments, project } from './envs';
import { assertValid } from './envs/validate';
import { ValidationError } from './modules/core';
import { LimitExceededError } from './modules/limits';
import { PolicyViolationError } from './modules/policies';
import { buildApp } from './stacks/app';
import { join } from 'node:path';
import { LOCK_FILE, synthesizeFresh } from './stacks/synth-output';

try {
  // Validate before any construct exists, so bad config writes nothing to cdktf.out.
  assertValid(project, environments);
  synthesizeFresh(
    process.env.CDKTF_OUTDIR ?? 'cdktf.out',
    (outdir) => {
      const app = new App({ outdir });
      buildApp(app, project, environments);
      return app;
    },
    join(__dirname, LOCK_FILE),
  );
} catch (error) {
  // A user's mistake is a message, one line per problem; anything else is a bug and keeps its trace.
  if (
    !(
      error instanceof ValidationError ||
      error instanceof PolicyViolationError ||
      error instanceof LimitExceededError
    )
  ) {
    throw error;
  }
  console.error(error.message);
  process.exitCode = 1;
}
