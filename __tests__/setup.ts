import { Testing } from 'cdktf';

// As in main.ts: a token's creation stack trace only serves error messages, and capturing one
// per token (through ts-jest's source maps) was most of a synth's time in tests.
process.env.CDKTF_TOKEN_STACK_TRACES ??= 'off';

// Adds toHaveResource, toHaveResourceWithProperties, toBeValidTerraform, ... to expect().
Testing.setupJest();
