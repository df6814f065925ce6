// First, as in main.ts: a token's creation stack trace only serves error messages, and capturing
// one per token (through ts-jest's source maps) was most of a synth's time in tests. Set after
// cdktf had loaded (an import runs before the code of the file that imports), it missed the tokens
// cdktf makes as it loads: 50 ms a test file, mostly mapping their stack traces.
import '../stacks/synth-speed';
import { Testing } from 'cdktf';

// Adds toHaveResource, toHaveResourceWithProperties, toBeValidTerraform, ... to expect().
Testing.setupJest();
