"""
Tests of the policy gaps moto_launcher.py fills (run by testbed/__tests__/e2e/emulator-policy.test.ts, or
`python3 -m unittest testbed/emulator/test_moto_launcher.py`): bucket policies (Gap 1) and the trust
policies of web identity roles (Gap 4). They call the evaluation the launcher installs in moto with a
made-up request, or send the request to moto's WSGI app in this process, so no server or credentials
are involved.
"""

import base64
import json
import os
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import moto_launcher  # noqa: E402
from moto.iam.access_control import PermissionResult  # noqa: E402

OWNER = "111111111111"
DEV = "222222222222"
STG = "333333333333"
BUCKET = "arn:aws:s3:::state"


class FakeBucket:
    def __init__(self, policy):
        self.policy = json.dumps(policy).encode()
        self.account_id = OWNER


def state_policy(version="2012-10-17"):
    """The shape of the state bucket's policy: every account named, each reaching its own prefix."""
    principals = {"AWS": [f"arn:aws:iam::{DEV}:root", f"arn:aws:iam::{STG}:root"]}
    return {
        "Version": version,
        "Statement": [
            {
                "Sid": "DenyInsecureTransport",
                "Effect": "Deny",
                "Principal": "*",
                "Action": "s3:*",
                "Resource": [BUCKET, f"{BUCKET}/*"],
                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
            },
            {
                "Sid": "AccountsReadWriteOwnKeys",
                "Effect": "Allow",
                "Principal": principals,
                "Action": ["s3:GetObject", "s3:PutObject"],
                "Resource": f"{BUCKET}/webapp/${{aws:PrincipalAccount}}/*",
            },
            {
                "Sid": "AccountsReadSharedKeys",
                "Effect": "Allow",
                "Principal": principals,
                "Action": "s3:GetObject",
                "Resource": f"{BUCKET}/webapp/{OWNER}/shared.tfstate",
            },
        ],
    }


def permission(policy, account, action, key):
    context = {"aws:securetransport": "true", "aws:principalaccount": account}
    original = moto_launcher._request_context
    moto_launcher._request_context = lambda: context
    try:
        return moto_launcher._bucket_permission(FakeBucket(policy), action, f"{BUCKET}/{key}")
    finally:
        moto_launcher._request_context = original


class PolicyVariables(unittest.TestCase):
    def test_an_account_reaches_keys_under_its_own_account_id(self):
        self.assertEqual(
            permission(state_policy(), DEV, "s3:PutObject", f"webapp/{DEV}/dev.tfstate"),
            PermissionResult.PERMITTED,
        )
        self.assertEqual(
            permission(state_policy(), STG, "s3:GetObject", f"webapp/{STG}/stg-backend.tfstate.tflock"),
            PermissionResult.PERMITTED,
        )

    def test_an_account_is_refused_another_accounts_keys(self):
        self.assertEqual(
            permission(state_policy(), STG, "s3:GetObject", f"webapp/{DEV}/dev.tfstate"),
            PermissionResult.DENIED,
        )

    def test_every_account_reads_the_shared_key_and_writes_it_nowhere(self):
        self.assertEqual(
            permission(state_policy(), DEV, "s3:GetObject", f"webapp/{OWNER}/shared.tfstate"),
            PermissionResult.PERMITTED,
        )
        self.assertEqual(
            permission(state_policy(), DEV, "s3:PutObject", f"webapp/{OWNER}/shared.tfstate"),
            PermissionResult.DENIED,
        )

    def test_variables_are_text_in_a_policy_of_the_2008_version(self):
        # Version 2008-10-17 has no policy variables: `${aws:PrincipalAccount}` is a literal key part.
        self.assertEqual(
            permission(state_policy("2008-10-17"), DEV, "s3:GetObject", f"webapp/{DEV}/dev.tfstate"),
            PermissionResult.DENIED,
        )

    def test_a_variable_the_request_lacks_invalidates_its_statement_unless_it_has_a_default(self):
        context = {"aws:principalaccount": DEV}
        statement = {"Effect": "Allow", "Resource": f"{BUCKET}/home/${{aws:username}}/*"}
        self.assertIsNone(moto_launcher._resolve_variables(statement, context))
        with_default = {"Effect": "Allow", "Resource": f"{BUCKET}/home/${{aws:username, 'nobody'}}/*"}
        self.assertEqual(
            moto_launcher._resolve_variables(with_default, context)["Resource"], [f"{BUCKET}/home/nobody/*"]
        )

    def test_literal_characters_stay_literal_in_patterns(self):
        statement = {
            "Effect": "Allow",
            "Resource": f"{BUCKET}/a${{*}}b",
            "Condition": {"StringLike": {"s3:prefix": "x${?}"}, "StringEquals": {"aws:userid": "y${$}"}},
        }
        resolved = moto_launcher._resolve_variables(statement, {})
        self.assertEqual(resolved["Resource"], [f"{BUCKET}/a[*]b"])
        self.assertEqual(resolved["Condition"], {"StringLike": {"s3:prefix": ["x[?]"]}, "StringEquals": {"aws:userid": ["y$"]}})
        self.assertTrue(moto_launcher._like(resolved["Resource"][0], f"{BUCKET}/a*b"))
        self.assertFalse(moto_launcher._like(resolved["Resource"][0], f"{BUCKET}/aXb"))


# --------------------------------------------------------------------------------------------------
# Gap 4: AssumeRoleWithWebIdentity
# --------------------------------------------------------------------------------------------------

ISSUER_HOST = "token.actions.githubusercontent.com"
PROVIDER = f"arn:aws:iam::{DEV}:oidc-provider/{ISSUER_HOST}"
REPOSITORY = "acme/webapp-platform"


def github_token(sub, aud="sts.amazonaws.com", expires_in=600, iss=f"https://{ISSUER_HOST}"):
    """An unsigned token with GitHub's claims, as testbed/oidc/trust.ts `unsignedToken` builds it."""

    def part(value):
        return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")

    now = int(time.time())
    claims = {"iss": iss, "aud": aud, "sub": sub, "iat": now, "nbf": now, "exp": now + expires_in}
    return f"{part({'alg': 'RS256', 'typ': 'JWT', 'kid': 'test'})}.{part(claims)}.{part('not-signed')}"


def github_trust(subject, provider=PROVIDER, extra=()):
    """The trust policy modules/github-oidc/role.ts synthesizes (as IAM holds it), plus `extra` statements."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "GithubActions",
                "Effect": "Allow",
                "Action": "sts:AssumeRoleWithWebIdentity",
                "Principal": {"Federated": provider},
                "Condition": {
                    "StringEquals": {
                        f"{ISSUER_HOST}:aud": "sts.amazonaws.com",
                        f"{ISSUER_HOST}:sub": subject,
                    }
                },
            },
            *extra,
        ],
    }


def create_role(account, name, trust):
    from moto.iam.models import iam_backends

    iam = iam_backends[account]["aws"]
    iam.create_role(name, json.dumps(trust), "/", None, "", [], "3600")
    return f"arn:aws:iam::{account}:role/{name}"


class WebIdentityTrust(unittest.TestCase):
    """DEV holds GitHub's provider (client ID sts.amazonaws.com, and one more); STG holds none."""

    @classmethod
    def setUpClass(cls):
        from moto.iam.models import iam_backends

        iam = iam_backends[DEV]["aws"]
        iam.create_open_id_connect_provider(f"https://{ISSUER_HOST}", [], ["sts.amazonaws.com", "other-client"], [])
        environment = f"repo:{REPOSITORY}:environment:dev"
        cls.environment_role = create_role(DEV, "deploy-services", github_trust(environment))
        cls.branch_role = create_role(DEV, "image-publisher", github_trust(f"repo:{REPOSITORY}:ref:refs/heads/main"))
        cls.pull_request_role = create_role(DEV, "plan", github_trust(f"repo:{REPOSITORY}:pull_request"))
        cls.denied_role = create_role(
            DEV,
            "denied",
            github_trust(
                environment,
                extra=[
                    {
                        "Effect": "Deny",
                        "Action": "sts:AssumeRoleWithWebIdentity",
                        "Principal": {"Federated": PROVIDER},
                        "Condition": {"StringLike": {f"{ISSUER_HOST}:sub": f"repo:{REPOSITORY}:*"}},
                    }
                ],
            ),
        )
        cls.unemulated_role = create_role(
            DEV,
            "unemulated",
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Action": "sts:AssumeRoleWithWebIdentity",
                        "Principal": {"Federated": PROVIDER},
                        "Condition": {"ForAnyValue:StringEquals": {f"{ISSUER_HOST}:sub": environment}},
                    }
                ],
            },
        )
        cls.role_without_provider = create_role(
            STG,
            "deploy-services",
            github_trust(environment, provider=f"arn:aws:iam::{STG}:oidc-provider/{ISSUER_HOST}"),
        )

    def refusal(self, role_arn, token):
        with self.assertRaises(moto_launcher.WebIdentityRefused) as refused:
            moto_launcher._authorize_web_identity(role_arn, token)
        return refused.exception.code, refused.exception.message, refused.exception.status

    def assert_not_authorized(self, role_arn, token):
        self.assertEqual(
            self.refusal(role_arn, token),
            ("AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity", 403),
        )

    def test_the_job_the_trust_names_is_allowed(self):
        for role, sub in [
            (self.environment_role, f"repo:{REPOSITORY}:environment:dev"),
            (self.branch_role, f"repo:{REPOSITORY}:ref:refs/heads/main"),
            (self.pull_request_role, f"repo:{REPOSITORY}:pull_request"),
        ]:
            with self.subTest(sub=sub):
                self.assertIsNone(moto_launcher._authorize_web_identity(role, github_token(sub)))

    def test_another_repository_branch_environment_or_a_pull_request_is_refused(self):
        for label, role, sub in [
            ("fork", self.environment_role, "repo:acme-fork/webapp-platform:environment:dev"),
            ("same owner", self.environment_role, f"repo:{REPOSITORY}-other:environment:dev"),
            ("other environment", self.environment_role, f"repo:{REPOSITORY}:environment:dev-platform"),
            ("branch, no environment", self.environment_role, f"repo:{REPOSITORY}:ref:refs/heads/main"),
            ("pull request", self.environment_role, f"repo:{REPOSITORY}:pull_request"),
            ("other branch", self.branch_role, f"repo:{REPOSITORY}:ref:refs/heads/main-other"),
            ("pull request", self.branch_role, f"repo:{REPOSITORY}:pull_request"),
            ("push to main", self.pull_request_role, f"repo:{REPOSITORY}:ref:refs/heads/main"),
        ]:
            with self.subTest(label, role=role):
                self.assert_not_authorized(role, github_token(sub))

    def test_another_audience_is_refused(self):
        sub = f"repo:{REPOSITORY}:environment:dev"
        # Not a client ID of the provider: STS refuses the token before reading the trust.
        self.assertEqual(
            self.refusal(self.environment_role, github_token(sub, aud="https://github.com/other")),
            ("InvalidIdentityToken", "Incorrect token audience", 400),
        )
        # A client ID of the provider, which the trust's `aud` condition does not name.
        self.assert_not_authorized(self.environment_role, github_token(sub, aud="other-client"))

    def test_a_token_whose_issuer_has_no_provider_in_the_roles_account_is_refused(self):
        sub = f"repo:{REPOSITORY}:environment:dev"
        self.assertEqual(
            self.refusal(self.role_without_provider, github_token(sub)),
            (
                "InvalidIdentityToken",
                f"No OpenIDConnect provider found in your account for https://{ISSUER_HOST}",
                400,
            ),
        )
        self.assertEqual(
            self.refusal(self.environment_role, github_token(sub, iss="https://issuer.example.com"))[0],
            "InvalidIdentityToken",
        )

    def test_an_explicit_deny_wins_over_the_allow(self):
        self.assert_not_authorized(self.denied_role, github_token(f"repo:{REPOSITORY}:environment:dev"))

    def test_a_role_that_does_not_exist_is_refused_like_a_trust_that_does_not_allow(self):
        self.assert_not_authorized(f"arn:aws:iam::{DEV}:role/missing", github_token(f"repo:{REPOSITORY}:pull_request"))

    def test_an_expired_token_or_one_that_is_not_a_jwt_is_refused(self):
        sub = f"repo:{REPOSITORY}:environment:dev"
        self.assertEqual(
            self.refusal(self.environment_role, github_token(sub, expires_in=-1))[0], "ExpiredTokenException"
        )
        self.assertEqual(self.refusal(self.environment_role, "not-a-token")[0], "InvalidIdentityToken")

    def test_an_operator_that_is_not_emulated_raises_rather_than_matches(self):
        with self.assertRaises(moto_launcher.UnsupportedCondition):
            moto_launcher._authorize_web_identity(
                self.unemulated_role, github_token(f"repo:{REPOSITORY}:environment:dev")
            )

    def test_sts_answers_403_with_its_error_document_and_credentials_in_the_roles_account(self):
        from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
        from werkzeug.test import Client

        moto_launcher.fill_sts_web_identity_gap()
        client = Client(DomainDispatcherApplication(create_backend_app))

        def call(sub):
            return client.post(
                "/",
                headers={"Host": "sts.amazonaws.com"},
                data={
                    "Action": "AssumeRoleWithWebIdentity",
                    "Version": "2011-06-15",
                    "RoleArn": self.environment_role,
                    "RoleSessionName": "test",
                    "WebIdentityToken": github_token(sub),
                },
            )

        refused = call(f"repo:{REPOSITORY}:environment:prod")
        self.assertEqual(refused.status_code, 403)
        body = refused.get_data(as_text=True)
        self.assertRegex(
            body,
            r"^<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>"
            r"<Code>AccessDenied</Code><Message>Not authorized to perform sts:AssumeRoleWithWebIdentity</Message>"
            r"</Error><RequestId>[^<]+</RequestId></ErrorResponse>$",
        )
        accepted = call(f"repo:{REPOSITORY}:environment:dev")
        self.assertEqual(accepted.status_code, 200)
        self.assertIn(
            f"<Arn>arn:aws:sts::{DEV}:assumed-role/deploy-services/test</Arn>", accepted.get_data(as_text=True)
        )


class RetriedRequests(unittest.TestCase):
    """A retry of an answered request gets that answer again, and is not run twice."""

    def setUp(self):
        from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
        from werkzeug.test import Client

        self.client = Client(moto_launcher.RequestContext(DomainDispatcherApplication(create_backend_app)))
        created = self.ec2(
            "CreateSecurityGroup", "create", GroupName=f"retry-{time.monotonic_ns()}", GroupDescription="retries"
        )
        self.group_id = self.text(created, "groupId")

    def ec2(self, action, invocation, attempt=1, **params):
        return self.client.post(
            "/",
            headers={
                "Host": "ec2.us-east-1.amazonaws.com",
                "Authorization": "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/ec2/aws4_request",
                "amz-sdk-invocation-id": invocation,
                "amz-sdk-request": f"attempt={attempt}; max=25",
            },
            data={"Action": action, "Version": "2016-11-15", **params},
        )

    @staticmethod
    def text(response, tag):
        import re

        return re.search(f"<{tag}>([^<]+)</{tag}>", response.get_data(as_text=True)).group(1)

    def revoke(self, invocation, attempt):
        everything = {"IpPermissions.1.IpProtocol": "-1", "IpPermissions.1.IpRanges.1.CidrIp": "0.0.0.0/0"}
        return self.ec2("RevokeSecurityGroupEgress", invocation, attempt, GroupId=self.group_id, **everything)

    def test_a_retry_of_an_answered_revoke_gets_its_answer_instead_of_not_found(self):
        # GIVEN the group's default egress rule revoked once
        first = self.revoke("revoke-1", attempt=1)
        self.assertEqual(first.status_code, 200)
        # WHEN the SDK retries that same invocation (it never read the answer)
        retried = self.revoke("revoke-1", attempt=2)
        # THEN it gets the same answer, where running it again would say InvalidPermission.NotFound
        self.assertEqual((retried.status_code, retried.get_data()), (200, first.get_data()))
        again = self.revoke("revoke-2", attempt=1)
        self.assertEqual(again.status_code, 400)
        self.assertIn("InvalidPermission.NotFound", again.get_data(as_text=True))

    def test_a_retry_of_an_invocation_never_answered_runs(self):
        # An attempt 2 the emulator never saw an attempt 1 of (it was lost before arriving) runs.
        self.assertEqual(self.revoke("revoke-3", attempt=2).status_code, 200)


if __name__ == "__main__":
    unittest.main()
