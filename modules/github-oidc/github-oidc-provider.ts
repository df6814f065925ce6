import { Construct } from 'constructs';
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { GITHUB_OIDC_URL, STS_AUDIENCE } from '../core';

/**
 * The IAM identity provider for GitHub Actions' tokens in one account (an account has at most one
 * per issuer URL, so exactly one stack per account creates it; see stacks/app.ts).
 *
 * It accepts one audience, `sts.amazonaws.com`, the one aws-actions/configure-aws-credentials
 * requests. No `thumbprint_list`: AWS verifies GitHub's issuer through its own trusted certificate
 * authorities and ignores thumbprints for it (AWS IAM User Guide, "Create an OpenID Connect
 * identity provider"); the AWS provider has made the argument optional since 5.81 and records what
 * IAM reports.
 */
export class GithubOidcProvider extends Construct {
  public readonly providerArn: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const provider = new IamOpenidConnectProvider(this, 'provider', {
      url: GITHUB_OIDC_URL,
      clientIdList: [STS_AUDIENCE],
    });
    this.providerArn = provider.arn;
  }
}
