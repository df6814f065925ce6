"""
Tests of the bucket-policy gap moto_launcher.py fills (run by __tests__/e2e/emulator-policy.test.ts,
or `python3 -m unittest scripts/emulator/test_moto_launcher.py`). They call the evaluation the
launcher installs in moto with a made-up request, so no server or credentials are involved.
"""

import json
import os
import sys
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


if __name__ == "__main__":
    unittest.main()
