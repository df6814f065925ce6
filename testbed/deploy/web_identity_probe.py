#!/usr/bin/env python3
"""
Asks the emulator about deployed GitHub Actions roles, as a pipeline would meet them.

Usage: python3 web_identity_probe.py INPUT.json

INPUT: {"roles": [{"roleName": ..., "roleArn": ..., "attempts": [{"label": ..., "token": ...}]}]}
Credentials, region, endpoint and CA come from the standard AWS variables (the deploy tier sets a
profile for the roles' account). For each role it reads the trust policy IAM holds (GetRole) and
calls sts:AssumeRoleWithWebIdentity once per token, unsigned as the real call is. Prints one JSON
line: the account's OIDC providers, and per role the trust policy and each attempt's answer.
"""

import json
import sys

import boto3
from botocore.exceptions import ClientError


def main(path):
    with open(path) as f:
        request = json.load(f)
    session = boto3.session.Session()
    iam = session.client("iam")
    sts = session.client("sts")
    providers = [p["Arn"] for p in iam.list_open_id_connect_providers()["OpenIDConnectProviderList"]]
    roles = []
    for role in request["roles"]:
        trust = iam.get_role(RoleName=role["roleName"])["Role"]["AssumeRolePolicyDocument"]
        if isinstance(trust, str):
            trust = json.loads(trust)
        attempts = []
        for attempt in role["attempts"]:
            try:
                answer = sts.assume_role_with_web_identity(
                    RoleArn=role["roleArn"],
                    RoleSessionName="web-identity-probe",
                    WebIdentityToken=attempt["token"],
                )
                attempts.append(
                    {"label": attempt["label"], "accepted": True, "arn": answer["AssumedRoleUser"]["Arn"]}
                )
            except ClientError as error:
                attempts.append(
                    {"label": attempt["label"], "accepted": False, "error": error.response["Error"]["Code"]}
                )
        roles.append({"roleName": role["roleName"], "trust": trust, "attempts": attempts})
    print(json.dumps({"providers": providers, "roles": roles}))


if __name__ == "__main__":
    main(sys.argv[1])
