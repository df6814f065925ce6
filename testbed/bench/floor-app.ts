/**
 * The floor for `npm run bench`: the smallest useful CDKTF app (one stack, the AWS provider, one
 * bucket), run exactly like main.ts. The real app's synth is judged against this.
 */
// Run exactly like main.ts, which turns off what only error messages need before anything loads.
import '../../stacks/synth-speed';
import { App, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';

const app = new App();
const stack = new TerraformStack(app, 'floor');
new AwsProvider(stack, 'aws', { region: 'ap-northeast-1' });
new S3Bucket(stack, 'bucket', { bucket: 'floor-bench-bucket' });
app.synth();
