#!/usr/bin/env python3
"""
moto (https://github.com/getmoto/moto) on loopback, over TLS, with the gaps our stacks hit filled in.

The deploy tier and the state-locking test apply the real stacks to this server. Every gap below
changes what moto *answers*, never what is deployed: no resource, policy or tag is dropped to make
the emulator happy. Each gap names the moto source it works around.

Usage: python3 moto_launcher.py --cert-dir DIR [--host 127.0.0.1] [--request-log FILE]

Writes DIR/ca.pem (the certificate authority clients trust through AWS_CA_BUNDLE), DIR/server.pem and
DIR/server-key.pem, then prints one JSON line once both listeners accept requests:
  {"https": <port>, "http": <port>, "ca": "<DIR>/ca.pem"}
The HTTPS listener is the emulator; the plain-HTTP listener serves the same state and exists so a
test can show that a TLS-only bucket policy refuses it, as S3 does.
"""

import argparse
import base64
import collections
import datetime
import fnmatch
import io
import ipaddress
import json
import logging
import os
import re
import sys
import threading
import time

# Before moto is imported: the ECS container instance role attaches AWS-managed policies, which moto
# only knows when asked to load them (moto/iam/models.py, `MOTO_IAM_LOAD_MANAGED_POLICIES`).
os.environ.setdefault("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")
# moto waits a minute before it issues a DNS-validated certificate (moto/settings.py
# `ACM_VALIDATION_WAIT`); validation records are written all the same, so the wait proves nothing.
os.environ.setdefault("MOTO_ACM_VALIDATION_WAIT", "0")
# Accounts come from the credentials (sts:AssumeRole into account N acts in N); a fixed account
# would put every stack into one account and defeat `allowed_account_ids`.
os.environ.pop("MOTO_ACCOUNT_ID", None)

try:
    # moto[server] brings all of these.
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
    from werkzeug.serving import make_server
except ImportError as missing:
    # The caller (testbed/emulator/moto.ts) turns exit code 3 into an install hint.
    print(f"{type(missing).__name__}: {missing}", file=sys.stderr)
    sys.exit(3)

# The request being served on this thread (werkzeug serves each request on its own thread).
_request = threading.local()


# --------------------------------------------------------------------------------------------------
# TLS: a throw-away certificate authority and a server certificate for the loopback names.
# --------------------------------------------------------------------------------------------------


def write_certificates(directory):
    os.makedirs(directory, exist_ok=True)
    now = datetime.datetime.now(datetime.timezone.utc)
    validity = (now - datetime.timedelta(minutes=5), now + datetime.timedelta(days=1))

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "deploy-tier emulator CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(validity[0])
        .not_valid_after(validity[1])
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
        .sign(ca_key, hashes.SHA256())
    )

    key = ec.generate_private_key(ec.SECP256R1())
    server = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(validity[0])
        .not_valid_after(validity[1])
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )

    paths = {name: os.path.join(directory, name) for name in ("ca.pem", "server.pem", "server-key.pem")}
    with open(paths["ca.pem"], "wb") as f:
        f.write(ca.public_bytes(serialization.Encoding.PEM))
    with open(paths["server.pem"], "wb") as f:
        f.write(server.public_bytes(serialization.Encoding.PEM))
    with open(paths["server-key.pem"], "wb") as f:
        f.write(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
    return paths


# --------------------------------------------------------------------------------------------------
# Gap 1: S3 bucket policies.
#
# moto evaluates a bucket policy without the request: no principal, no condition keys, and only the
# StringEquals operator; any other operator "matches", and a statement whose condition fails is
# answered as a Deny whatever its Effect (moto/s3/models.py `FakeBucket.get_permission`,
# moto/iam/access_control.py `IAMPolicyStatement.is_action_permitted`,
# moto/iam/policy_conditions.py `CONDITION_OPERATIONS`). A `Bool aws:SecureTransport false` Deny, which
# every bucket of ours carries, therefore denies every request. It also treats a request from another
# account like one from the owner, where S3 needs the bucket policy to allow it.
#
# Replaced by an evaluation of the statements against the request: the caller's account and ARN,
# `aws:SecureTransport` from the listener that took the request, the operators our policies use,
# policy variables, and S3's rule that a cross-account object request needs an Allow from the bucket
# policy (https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-auth-workflow-object-operation.html).
# Only object requests are evaluated: moto authorizes bucket requests such as ListObjects only with
# its IAM checks on (moto/core/authorization.py `INITIAL_NO_AUTH_ACTION_COUNT`), so `s3:prefix`
# conditions are never asked about.
# --------------------------------------------------------------------------------------------------


def _values(value):
    return value if isinstance(value, list) else [value]


def _like(pattern, value):
    return fnmatch.fnmatchcase(value, pattern)


_OPERATORS = {
    "StringEquals": lambda expected, actual: actual in expected,
    "StringNotEquals": lambda expected, actual: actual not in expected,
    "StringLike": lambda expected, actual: any(_like(p, actual) for p in expected),
    "StringNotLike": lambda expected, actual: not any(_like(p, actual) for p in expected),
    "ArnEquals": lambda expected, actual: actual in expected,
    "ArnLike": lambda expected, actual: any(_like(p, actual) for p in expected),
    "Bool": lambda expected, actual: actual.lower() in [e.lower() for e in expected],
}


class UnsupportedCondition(Exception):
    pass


# Policy variables (IAM User Guide, "IAM policy elements: Variables and tags",
# https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html): in a policy of
# Version 2012-10-17, `${key}` in Resource, NotResource and condition values stands for the value of
# that condition key in the request (`${aws:PrincipalAccount}` is the caller's account),
# `${key, 'default'}` for the default when the request lacks the key, and `${*}`, `${?}`, `${$}` for
# the characters themselves. A variable that cannot be resolved invalidates its statement ("If AWS
# cannot resolve a variable this might cause the entire statement to be invalid"), which then applies
# to nothing. moto fills in none of them (moto/iam/access_control.py matches the text as written), so
# a statement granting `bucket/${aws:PrincipalAccount}/*` would match no request at all.
_VARIABLE = re.compile(r"\$\{([^}]*)\}")
_LITERAL_VARIABLES = ("*", "?", "$")
# Operators whose values are patterns: a literal `*` or `?` from `${*}` / `${?}` must not be a wildcard.
_PATTERN_OPERATORS = ("StringLike", "StringNotLike", "ArnLike", "ArnNotLike")


class UnresolvedVariable(Exception):
    pass


def _substitute(text, context, pattern):
    def value_of(match):
        body = match.group(1).strip()
        if body in _LITERAL_VARIABLES:
            return f"[{body}]" if pattern and body in "*?" else body
        key, comma, default = body.partition(",")
        value = context.get(key.strip().lower())
        if value is not None:
            return value
        default = default.strip()
        if comma and len(default) >= 2 and default[0] == default[-1] == "'":
            return default[1:-1]
        raise UnresolvedVariable(key.strip())

    return _VARIABLE.sub(value_of, text)


def _resolve_variables(statement, context):
    """The statement with its policy variables filled in from the request; None when one cannot be."""
    resolved = dict(statement)
    try:
        for element in ("Resource", "NotResource"):
            if element in statement:
                resolved[element] = [_substitute(r, context, True) for r in _values(statement[element])]
        if "Condition" in statement:
            resolved["Condition"] = {
                operator: {
                    key: [
                        _substitute(str(v), context, operator.removesuffix("IfExists") in _PATTERN_OPERATORS)
                        for v in _values(values)
                    ]
                    for key, values in keys.items()
                }
                for operator, keys in statement["Condition"].items()
            }
    except UnresolvedVariable:
        return None
    return resolved


def _condition_holds(condition, context):
    for operator, keys in condition.items():
        if_exists = operator.endswith("IfExists")
        base = operator[: -len("IfExists")] if if_exists else operator
        if base not in _OPERATORS:
            # Fail loudly rather than guess: a new operator in our policies needs a line here.
            raise UnsupportedCondition(f"condition operator {operator} is not emulated")
        for key, expected in keys.items():
            actual = context.get(key.lower())
            if actual is None:
                if if_exists:
                    continue
                return False  # IAM: a condition on a key the request lacks does not match
            if not _OPERATORS[base]([str(e) for e in _values(expected)], actual):
                return False
    return True


def _principal_matches(principal, context):
    if principal == "*":
        return True
    if not isinstance(principal, dict):
        return False
    for identifier in _values(principal.get("AWS", [])):
        if identifier == "*":
            return True
        if identifier in (context.get("aws:principalarn"), f"arn:aws:iam::{context.get('aws:principalaccount')}:root"):
            return True
        if identifier == context.get("aws:principalaccount"):
            return True
    return False  # Service or Federated principals never make these requests


def _statement_applies(statement, action, resource, context):
    if "Action" in statement and not any(_like(a, action) for a in _values(statement["Action"])):
        return False
    if "NotAction" in statement and any(_like(a, action) for a in _values(statement["NotAction"])):
        return False
    if "Resource" in statement and not any(_like(r, resource) for r in _values(statement["Resource"])):
        return False
    if "NotResource" in statement and any(_like(r, resource) for r in _values(statement["NotResource"])):
        return False
    if "Principal" in statement and not _principal_matches(statement["Principal"], context):
        return False
    if "NotPrincipal" in statement and _principal_matches(statement["NotPrincipal"], context):
        return False
    return _condition_holds(statement.get("Condition", {}), context)


def _request_context():
    from moto.iam.models import get_account_id_from
    from moto.sts.models import sts_backends

    access_key = getattr(_request, "access_key", None) or "AKIAEXAMPLE"
    account = get_account_id_from(access_key)
    context = {
        "aws:securetransport": "true" if getattr(_request, "secure", False) else "false",
        "aws:principalaccount": account,
    }
    for partition in sts_backends[account].values():
        role = partition.get_assumed_role_from_access_key(access_key)
        if role:
            # The role, not the session: policies name roles (arn:aws:iam::N:role/name).
            context["aws:principalarn"] = role.role_arn
            break
    return context


def _bucket_permission(bucket, action, resource):
    from moto.iam.access_control import PermissionResult

    # moto names the action after the HTTP method; S3 authorizes HEAD as GetObject.
    action = {"s3:HeadObject": "s3:GetObject"}.get(action, action)
    context = _request_context()
    allowed = False
    if bucket.policy is not None:
        policy = json.loads(bucket.policy.decode())
        for statement in _values(policy["Statement"]):
            if policy.get("Version") == "2012-10-17":
                statement = _resolve_variables(statement, context)
                if statement is None:
                    continue
            if _statement_applies(statement, action, resource, context):
                if statement["Effect"] == "Deny":
                    return PermissionResult.DENIED
                allowed = True
    if allowed:
        return PermissionResult.PERMITTED
    if context["aws:principalaccount"] != bucket.account_id:
        return PermissionResult.DENIED
    return PermissionResult.NEUTRAL


def fill_s3_policy_gap():
    from moto.s3.models import FakeBucket

    FakeBucket.get_permission = _bucket_permission


# --------------------------------------------------------------------------------------------------
# Gap 2: Application Auto Scaling tags.
#
# moto implements no TagResource, UntagResource or ListTagsForResource for Application Auto Scaling
# and drops the Tags of RegisterScalableTarget (moto/applicationautoscaling/responses.py). The AWS
# provider tags scalable targets through `default_tags` and reads the tags back, so without this
# every apply of a service stack waits for ever.
# --------------------------------------------------------------------------------------------------


def fill_autoscaling_tags_gap():
    from moto.applicationautoscaling.responses import ApplicationAutoScalingResponse
    from moto.utilities.tagging_service import TaggingService

    def tags_of(response):
        backend = response.applicationautoscaling_backend
        if not hasattr(backend, "emulator_tags"):
            backend.emulator_tags = TaggingService()
        return backend.emulator_tags

    register = ApplicationAutoScalingResponse.register_scalable_target

    def register_scalable_target(self):
        body = register(self)
        tags = self._get_param("Tags")
        if tags:
            tags_of(self).tag_resource(json.loads(body)["ScalableTargetARN"], TaggingService.convert_dict_to_tags_input(tags))
        return body

    def tag_resource(self):
        tags_of(self).tag_resource(
            self._get_param("ResourceARN"), TaggingService.convert_dict_to_tags_input(self._get_param("Tags"))
        )
        return "{}"

    def untag_resource(self):
        tags_of(self).untag_resource_using_names(self._get_param("ResourceARN"), self._get_param("TagKeys"))
        return "{}"

    def list_tags_for_resource(self):
        tags = tags_of(self).get_tag_dict_for_resource(self._get_param("ResourceARN"))
        return json.dumps({"Tags": tags})

    ApplicationAutoScalingResponse.register_scalable_target = register_scalable_target
    ApplicationAutoScalingResponse.tag_resource = tag_resource
    ApplicationAutoScalingResponse.untag_resource = untag_resource
    ApplicationAutoScalingResponse.list_tags_for_resource = list_tags_for_resource

    # Deleting a policy or target that is not there is ObjectNotFoundException in AWS, which the
    # provider takes as "already gone"; moto answers ValidationException
    # (moto/applicationautoscaling/models.py `delete_scaling_policy`, `deregister_scalable_target`).
    from moto.applicationautoscaling.exceptions import AWSValidationException
    from moto.core.exceptions import JsonRESTError

    def not_found_as_aws_says(method):
        def call(self):
            try:
                return method(self)
            except AWSValidationException as error:
                if "No scal" not in error.message:
                    raise
                raise JsonRESTError("ObjectNotFoundException", error.message)

        return call

    for name in ("delete_scaling_policy", "deregister_scalable_target"):
        setattr(ApplicationAutoScalingResponse, name, not_found_as_aws_says(getattr(ApplicationAutoScalingResponse, name)))


# --------------------------------------------------------------------------------------------------
# Gap 3: attributes moto accepts and then forgets, so that a plan right after an apply would
# change them again. Each is stored and returned the way the AWS API documents it.
# --------------------------------------------------------------------------------------------------


def fill_ecs_service_gap():
    """
    CreateService drops capacityProviderStrategy, enableExecuteCommand, enableECSManagedTags,
    healthCheckGracePeriodSeconds, availabilityZoneRebalancing and deploymentConfiguration, and
    reports launchType EC2 for a service placed by a capacity provider strategy
    (moto/ecs/responses.py `create_service`, moto/ecs/models.py `Service.__init__`). UpdateService
    already keeps whatever it is sent (moto/ecs/models.py `update_service`).
    """
    from moto.ecs.responses import EC2ContainerServiceResponse

    create = EC2ContainerServiceResponse.create_service
    kept = (
        "capacityProviderStrategy",
        "enableExecuteCommand",
        "enableECSManagedTags",
        "healthCheckGracePeriodSeconds",
        "availabilityZoneRebalancing",
        "deploymentConfiguration",
    )

    def create_service(self):
        result = create(self)
        cluster = self._get_param("cluster", "default").split("/")[-1]
        service = self.ecs_backend.services[f"{cluster}:{self._get_param('serviceName')}"]
        for name in kept:
            value = self._get_param(name)
            if value is not None:
                setattr(service, _snake(name), value)
        if self._get_param("capacityProviderStrategy") and not self._get_param("launchType"):
            service.launch_type = None
            for deployment in service.deployments:
                deployment["launchType"] = None
        return result

    EC2ContainerServiceResponse.create_service = create_service


def fill_ecs_account_setting_default_gap():
    """
    PutAccountSettingDefault (the account-wide default, which `aws_ecs_account_setting_default`
    manages, for example `awsvpcTrunking`) is missing (moto/ecs/responses.py has PutAccountSetting
    only), and settings carry no principalArn, from which the provider takes the resource ID
    (moto/ecs/models.py `AccountSetting`). AWS answers both with the account root as principal.
    """
    from moto.core.responses import ActionResult
    from moto.ecs.models import AccountSetting
    from moto.ecs.responses import EC2ContainerServiceResponse

    def principal_arn(self):
        return getattr(self, "_principal_arn", None)

    AccountSetting.principal_arn = property(principal_arn)

    def put_account_setting_default(self):
        setting = self.ecs_backend.put_account_setting(self._get_param("name"), self._get_param("value"))
        setting._principal_arn = f"arn:aws:iam::{self.current_account}:root"
        return ActionResult({"setting": setting})

    EC2ContainerServiceResponse.put_account_setting_default = put_account_setting_default


def fill_rds_gaps():
    """
    DB instances ignore Performance Insights (moto/rds/models.py `DBInstance.__init__` has no such
    field), and every cluster reports a Serverless v1 ScalingConfigurationInfo with defaults, which
    AWS returns only for `engine_mode = serverless` (moto/rds/models.py
    `DBCluster.scaling_configuration_info`).

    Performance Insights is on by default only from 2 ACUs (modules/database), and the shipped
    environments run below that with it off, which moto already answers right (no field reads as
    off). The fill stays for a configuration that turns it on: without it every plan after the
    apply would turn Performance Insights on again.
    """
    from moto.rds.models import DBCluster, DBInstance

    init = DBInstance.__init__

    def __init__(self, *args, **kwargs):
        init(self, *args, **kwargs)
        self.enable_performance_insights = bool(kwargs.get("enable_performance_insights"))
        self.performance_insights_kms_key_id = kwargs.get("performance_insights_kms_key_id")
        self.performance_insights_retention_period = kwargs.get("performance_insights_retention_period")

    DBInstance.__init__ = __init__
    # ModifyDBInstance sets `enable_performance_insights` as sent; the API answers with this name.
    DBInstance.performance_insights_enabled = property(lambda self: bool(getattr(self, "enable_performance_insights", False)))

    serverless_v1_info = DBCluster.scaling_configuration_info

    @property
    def scaling_configuration_info(self):
        return serverless_v1_info.fget(self) if self.engine_mode == "serverless" else None

    DBCluster.scaling_configuration_info = scaling_configuration_info


def fill_ec2_gaps():
    """
    - A security group rule that names another group or a prefix list loses its description
      (moto/ec2/models/security_groups.py `SecurityGroupRule.description` reads only the CIDR range).
    - CreateLaunchTemplate copies the tags of the template itself (ResourceType launch-template)
      into the template's data, where AWS accepts no such resource type
      (moto/ec2/responses/launch_templates.py `create_launch_template`).
    """
    from moto.ec2.models.launch_templates import LaunchTemplateBackend
    from moto.ec2.models.security_groups import SecurityGroupRule

    rule_init = SecurityGroupRule.__init__

    def __init__(self, *args, **kwargs):
        rule_init(self, *args, **kwargs)
        names = ["ip_range", "source_group", "prefix_list_id"]
        # Positional order: ec2_backend, ip_protocol, group_id, from_port, to_port, ip_range, ...
        sources = [kwargs.get(n, args[5 + i] if len(args) > 5 + i else None) for i, n in enumerate(names)]
        self.emulator_description = next((s.get("Description") for s in sources if s and s.get("Description")), None)

    SecurityGroupRule.__init__ = __init__
    SecurityGroupRule.description = property(lambda self: getattr(self, "emulator_description", None))

    create_template = LaunchTemplateBackend.create_launch_template

    def create_launch_template(self, name, description, template_data, tag_spec):
        specs = template_data.get("TagSpecifications")
        if specs:
            template_data["TagSpecifications"] = [s for s in specs if s.get("ResourceType") != "launch-template"]
        return create_template(self, name, description, template_data, tag_spec)

    LaunchTemplateBackend.create_launch_template = create_launch_template


def fill_route53_gap():
    """
    A hosted zone created with a VPC is private in AWS; moto makes it private only when the request
    also says HostedZoneConfig.PrivateZone, which the AWS provider does not send
    (moto/route53/responses.py `create_hosted_zone`).
    """
    from moto.core.utils import get_value
    from moto.route53.responses import Route53

    create = Route53.create_hosted_zone

    def create_hosted_zone(self):
        if get_value(self.params, "VPC.VPCId", None):
            self.params.setdefault("HostedZoneConfig", {})["PrivateZone"] = True
        return create(self)

    Route53.create_hosted_zone = create_hosted_zone


def _snake(name):
    from botocore import xform_name

    return xform_name(name)


# --------------------------------------------------------------------------------------------------
# Gap 4: STS AssumeRoleWithWebIdentity evaluates the role's trust policy.
#
# moto gives credentials for any token and any role: its response never reads WebIdentityToken
# (moto/sts/responses.py `assume_role_with_web_identity`), and the backend calls `assume_role`, which
# checks nothing, not even that the role exists (moto/sts/models.py `assume_role_with_web_identity`).
# moto's own trust check covers sts:AssumeRole only, and only with IAM authorization switched on
# (moto/iam/access_control.py). A GitHub role that trusts the wrong repository, branch or GitHub
# Environment would look as good as a right one.
#
# Replaced by what STS does (STS API Reference, AssumeRoleWithWebIdentity; IAM User Guide, "Create a
# role for OpenID Connect federation" and "Available keys for AWS OIDC federation"): the token's
# claims are read; its issuer needs an OIDC provider in the role's account (else InvalidIdentityToken
# "No OpenIDConnect provider found in your account for <iss>"), with the token's audience in the
# provider's client ID list (else InvalidIdentityToken "Incorrect token audience"); an expired token
# is ExpiredTokenException. Then the role's trust policy is evaluated with the claims as `<host>:sub`
# and `<host>:aud`: an explicit Deny wins, otherwise an Allow of sts:AssumeRoleWithWebIdentity to the
# Federated principal of that provider (its ARN) whose conditions hold. Anything else, a role that
# does not exist included, is AccessDenied, HTTP 403, "Not authorized to perform
# sts:AssumeRoleWithWebIdentity". Conditions go through Gap 1's operators and policy variables, so an
# operator that is not emulated raises instead of matching.
#
# The token's signature is not verified. AWS verifies it against the keys the provider publishes
# (its JWKS, found through <iss>/.well-known/openid-configuration); the emulator runs offline and
# cannot fetch them, and the tokens the deploy tier sends are unsigned (testbed/oidc/trust.ts
# `unsignedToken`). What is emulated is the decision over the claims, which is what a trust policy
# controls.
# --------------------------------------------------------------------------------------------------

_WEB_IDENTITY_ACTION = "sts:AssumeRoleWithWebIdentity"
_ROLE_ARN = re.compile(r"^arn:([a-z-]+):iam::(\d{12}):role/.+$")


class WebIdentityRefused(Exception):
    """How STS refuses the request: error code, message and HTTP status."""

    def __init__(self, code, message, status=400):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.status = status


def _not_authorized():
    return WebIdentityRefused("AccessDenied", f"Not authorized to perform {_WEB_IDENTITY_ACTION}", 403)


def _token_claims(token):
    """The claims of a JWT (header.payload.signature, base64url), without checking the signature."""
    try:
        payload = token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (AttributeError, IndexError, ValueError):
        claims = None
    if not isinstance(claims, dict):
        raise WebIdentityRefused("InvalidIdentityToken", "The ID Token provided is not a valid JWT.")
    return claims


def _federated_principal_matches(principal, provider_arn):
    if principal == "*":
        return True
    if not isinstance(principal, dict):
        return False
    federated = _values(principal.get("Federated", []))
    return provider_arn in federated or "*" in federated or "*" in _values(principal.get("AWS", []))


def _trust_statement_applies(statement, provider_arn, context):
    action = _WEB_IDENTITY_ACTION.lower()
    if "NotPrincipal" in statement:
        raise UnsupportedCondition("NotPrincipal in a trust policy is not emulated")
    if "Action" in statement and not any(_like(a.lower(), action) for a in _values(statement["Action"])):
        return False
    if "NotAction" in statement and any(_like(a.lower(), action) for a in _values(statement["NotAction"])):
        return False
    if not _federated_principal_matches(statement.get("Principal"), provider_arn):
        return False
    return _condition_holds(statement.get("Condition", {}), context)


def _trust_allows(trust, provider_arn, context):
    allowed = False
    for statement in _values(trust.get("Statement", [])):
        if trust.get("Version") == "2012-10-17":
            statement = _resolve_variables(statement, context)
            if statement is None:
                continue
        if _trust_statement_applies(statement, provider_arn, context):
            if statement.get("Effect") == "Deny":
                return False
            allowed = allowed or statement.get("Effect") == "Allow"
    return allowed


def _authorize_web_identity(role_arn, token, now=None):
    """Returns when STS would issue credentials for this role and token; raises WebIdentityRefused."""
    from moto.iam.exceptions import NotFoundException
    from moto.iam.models import iam_backends

    claims = _token_claims(token)
    match = _ROLE_ARN.match(role_arn or "")
    if not match:
        raise _not_authorized()
    partition, account = match.groups()
    iam = iam_backends[account][partition]

    issuer = claims.get("iss")
    if not isinstance(issuer, str):
        raise WebIdentityRefused("InvalidIdentityToken", "Missing a required claim: iss")
    # IAM keys a provider by its URL without the scheme (moto/iam/models.py `OpenIDConnectProvider`).
    host = issuer.removeprefix("https://").rstrip("/")
    provider_arn = f"arn:{partition}:iam::{account}:oidc-provider/{host}"
    provider = iam.open_id_providers.get(provider_arn)
    if provider is None:
        raise WebIdentityRefused(
            "InvalidIdentityToken", f"No OpenIDConnect provider found in your account for {issuer}"
        )
    audience = next((a for a in _values(claims.get("aud", [])) if a in provider.client_id_list), None)
    if audience is None:
        raise WebIdentityRefused("InvalidIdentityToken", "Incorrect token audience")
    now = time.time() if now is None else now
    expires = claims.get("exp")
    if isinstance(expires, (int, float)) and expires <= now:
        raise WebIdentityRefused(
            "ExpiredTokenException",
            f"Token expired: current date/time {int(now)} must be before the expiration date/time {int(expires)}",
        )

    try:
        role = iam.get_role_by_arn(role_arn)
    except NotFoundException:
        raise _not_authorized() from None
    trust = role.assume_role_policy_document
    trust = json.loads(trust) if isinstance(trust, str) else trust
    # Condition keys are case-insensitive; Gap 1 looks them up in lower case.
    context = {f"{host}:aud".lower(): audience}
    if isinstance(claims.get("sub"), str):
        context[f"{host}:sub".lower()] = claims["sub"]
    if not _trust_allows(trust, provider_arn, context):
        raise _not_authorized()


def fill_sts_web_identity_gap():
    import warnings

    from moto.core.responses import ActionResult
    from moto.sts.exceptions import STSClientError
    from moto.sts.responses import TokenResponse

    # AccessDenied is not among the STS error shapes botocore models, so moto's serializer warns about
    # it on every refusal; the answer it builds (<ErrorResponse><Error><Type>Sender</Type>...) is right.
    warnings.filterwarnings("ignore", message=r"Exception\(STSClientError\) with code AccessDenied")
    assume = TokenResponse.assume_role_with_web_identity

    def assume_role_with_web_identity(self):
        try:
            _authorize_web_identity(self._get_param("RoleArn"), self._get_param("WebIdentityToken"))
        except WebIdentityRefused as refusal:
            _, headers, body = self.serialized(ActionResult(STSClientError(refusal.code, refusal.message)))
            headers["status"] = refusal.status
            return body, headers
        return assume(self)

    TokenResponse.assume_role_with_web_identity = assume_role_with_web_identity


# --------------------------------------------------------------------------------------------------
# The request log, for the deploy tier's IAM evaluation.
#
# moto does not evaluate identity policies (moto/iam/access_control.py runs only with
# INITIAL_NO_AUTH_ACTION_COUNT set, and then matches actions against Resource "*" alone), so the
# deploy tier evaluates every request a role's session made, after the run, against the policies
# the synthesized app gives that role (testbed/iam/). This writes what that needs: one JSON line per
# request of a role session, with the account, the role, the service (the SigV4 signing name), the
# operation and its parameters as botocore's model parses them, the answer's status, and the facts an
# IAM condition reads that only the emulator's state holds: a role's permissions boundary
# (`iam:PermissionsBoundary` of PutRolePolicy and its kind) and a KMS key's tags
# (`aws:ResourceTag/...`), both as they were before the request.
# --------------------------------------------------------------------------------------------------

# Signing names whose botocore service is named otherwise; Elastic Load Balancing signs both
# versions alike and is told apart by the API version the request names.
_SERVICE_OF_SIGNING_NAME = {"monitoring": "cloudwatch", "elasticloadbalancing": "elb"}
_CREDENTIAL = re.compile(r"Credential=([^/]+)/[^/]+/([^/]+)/([^/]+)/")


def _service_model(signing_name, version):
    from moto.core.utils import get_service_model

    name = _SERVICE_OF_SIGNING_NAME.get(signing_name, signing_name)
    if name == "elb" and version == "2015-12-01":
        name = "elbv2"
    return get_service_model(name)


def _rest_operation(model, method, path):
    """The operation a REST request names by method and path, as moto dispatches it."""
    from moto.core.responses import BaseResponse, _get_method_urls

    for pattern, operation in sorted(
        _get_method_urls(model.service_name, "us-east-1")[method].items(), key=lambda p: len(p[0]), reverse=True
    ):
        match = re.match(pattern, path)
        if match:
            return operation, match.groupdict()
    return None, {}


def _s3_request(environ):
    """S3 by its REST shape: IAM names its actions apart from the operations (testbed/iam/ maps them)."""
    from urllib.parse import parse_qs, unquote

    bucket, _, key = unquote(environ.get("PATH_INFO", "")).lstrip("/").partition("/")
    query = parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
    return {
        "method": environ.get("REQUEST_METHOD"),
        "bucket": bucket,
        "key": key or None,
        "query": {name: values[0] for name, values in query.items()},
        "conditional": environ.get("HTTP_IF_NONE_MATCH"),
    }


def _parsed(environ, payload):
    """Operation and parameters of a request, as botocore's model of the service parses them."""
    from urllib.parse import parse_qs

    from moto.core.parse import PROTOCOL_PARSERS
    from moto.core.request import determine_request_protocol

    match = _CREDENTIAL.search(environ.get("HTTP_AUTHORIZATION", ""))
    signing_name = match.group(3) if match else None
    if signing_name == "s3":
        return signing_name, None, _s3_request(environ)
    values = parse_qs(environ.get("QUERY_STRING", ""))
    content_type = environ.get("CONTENT_TYPE", "")
    if content_type.startswith("application/x-www-form-urlencoded"):
        values.update(parse_qs(payload.decode("utf-8", "replace")))
    model = _service_model(signing_name, (values.get("Version") or [None])[0])
    target = environ.get("HTTP_X_AMZ_TARGET")
    url_params = {}
    if "Action" in values:
        operation = values["Action"][0]
    elif target:
        operation = target.split(".")[-1]
    else:
        operation, url_params = _rest_operation(model, environ.get("REQUEST_METHOD"), environ.get("PATH_INFO", ""))
    if operation is None:
        return signing_name, None, None
    protocol = determine_request_protocol(model, content_type)
    parser = PROTOCOL_PARSERS[protocol](model.operation_model(operation), map_type=dict)
    headers = {key[5:].replace("_", "-").lower(): value for key, value in environ.items() if key.startswith("HTTP_")}
    params = parser.parse(
        {
            "method": environ.get("REQUEST_METHOD"),
            "values": {name: vs[0] if len(vs) == 1 else vs for name, vs in values.items()},
            "headers": headers,
            "body": payload,
            "url_path": environ.get("PATH_INFO", ""),
            "url_params": url_params,
        }
    )
    return signing_name, operation, params


def _state_facts(account, region, service, params):
    """
    Condition facts and resource policies from the emulator's state before the request: the role a
    request names (its boundary, and for sts:AssumeRole its trust), the KMS keys it names (tags and
    key policy), the bucket it addresses (owner and bucket policy), the namespace or service a
    Cloud Map operation concerns.
    """
    from moto.iam.exceptions import NotFoundException
    from moto.iam.models import iam_backends
    from moto.kms.models import kms_backends
    from moto.s3.models import s3_backends

    facts = {}
    if not isinstance(params, dict):
        return facts
    iam = iam_backends[account]["aws"]
    if isinstance(params.get("RoleName"), str):
        try:
            role = iam.get_role(params["RoleName"])
            facts["role"] = {"arn": role.arn, "boundary": role.permissions_boundary_arn}
        except NotFoundException:
            pass
    if service == "sts" and isinstance(params.get("RoleArn"), str):
        match = _ROLE_ARN.match(params["RoleArn"])
        if match:
            try:
                target = iam_backends[match.group(2)][match.group(1)].get_role_by_arn(params["RoleArn"])
                trust = target.assume_role_policy_document
                facts["trust"] = json.loads(trust) if isinstance(trust, str) else trust
            except NotFoundException:
                pass
    keys = {}
    for name in ("KeyId", "TargetKeyId", "KmsKeyId"):
        reference = params.get(name)
        if isinstance(reference, str):
            try:
                key = kms_backends[account][region].describe_key(reference)
            except Exception:  # an unknown key: the request fails on its own
                continue
            tags = kms_backends[account][region].list_resource_tags(key.id).get("Tags", [])
            keys[name] = {
                "arn": key.arn,
                "tags": {t["TagKey"]: t["TagValue"] for t in tags},
                "policy": json.loads(key.policy) if isinstance(key.policy, str) else key.policy,
            }
    if keys:
        facts["keys"] = keys
    if service == "ec2":
        facts.update(_ec2_facts(account, region, params))
    if service == "servicediscovery" and isinstance(params.get("OperationId"), str):
        from moto.servicediscovery.models import servicediscovery_backends

        operation = servicediscovery_backends[account][region].operations.get(params["OperationId"])
        if operation is not None:
            facts["operationTargets"] = dict(operation.targets)
    # Buckets are global: moto files each under the account that created it.
    owner = s3_backends.bucket_accounts.get(params.get("bucket")) if service == "s3" else None
    if owner:
        partition, owner_account = owner
        found = s3_backends[owner_account][partition].buckets.get(params["bucket"])
        if found is not None:
            facts["bucket"] = {
                "account": owner_account,
                "policy": json.loads(found.policy.decode()) if found.policy else None,
            }
    return facts


# EC2 IDs are `<prefix>-<hex>`; IAM authorizes on the resource's tags (`aws:ResourceTag/...`).
_EC2_ID = re.compile(r"^[a-z]+(?:-[a-z]+)?-[0-9a-f]{8,17}$")


def _strings_in(value):
    """Every string anywhere in a parsed request's parameters."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings_in(item)


def _ec2_facts(account, region, params):
    """
    The tags of every EC2 resource a request names, and for a route table association (which a
    request names by its own ID) the route table and subnet it joins, as IAM authorizes on those.
    """
    from moto.ec2.models import ec2_backends

    backend = ec2_backends[account][region]
    facts = {}
    association = params.get("AssociationId")
    if isinstance(association, str) and association.startswith("rtbassoc-"):
        for table in backend.route_tables.values():
            for entry in table.associations:
                if entry["RouteTableAssociationId"] == association:
                    facts["routeTableAssociation"] = {
                        "routeTable": table.id,
                        **({"subnet": entry["SubnetId"]} if entry.get("SubnetId") else {}),
                    }
    named = {v for v in _strings_in(params) if _EC2_ID.match(v)}
    named.update(facts.get("routeTableAssociation", {}).values())
    tags = {resource: dict(backend.tags[resource]) for resource in sorted(named) if resource in backend.tags}
    if tags:
        facts["ec2Tags"] = tags
    return facts


class RequestLog:
    """Appends one JSON line per request made with a role session (see the section comment)."""

    def __init__(self, path):
        self.file = open(path, "a", buffering=1)

    def describe(self, environ, payload):
        from moto.iam.models import get_account_id_from
        from moto.sts.models import sts_backends

        match = _CREDENTIAL.search(environ.get("HTTP_AUTHORIZATION", ""))
        if not match:
            return None
        access_key, region = match.group(1), match.group(2)
        account = get_account_id_from(access_key)
        session = next(
            (r for partition in sts_backends[account].values() if (r := partition.get_assumed_role_from_access_key(access_key))),
            None,
        )
        if session is None:
            return None
        entry = {"account": account, "role": session.role_arn, "session": session.session_name, "region": region}
        try:
            entry["service"], entry["operation"], entry["params"] = _parsed(environ, payload)
            entry["facts"] = _state_facts(account, region, entry["service"], entry["params"])
        except Exception as error:  # recorded, so the tier names the request it could not read
            entry["unreadable"] = f"{type(error).__name__}: {error}"
        return entry

    def write(self, entry, status):
        entry["status"] = int(status)
        self.file.write(json.dumps(entry, default=str, sort_keys=True) + "\n")


# --------------------------------------------------------------------------------------------------
# Serving
# --------------------------------------------------------------------------------------------------


class RequestContext:
    """
    WSGI middleware: serves one request at a time, and remembers, for the gaps above, how and by
    whom the current request was made.

    One at a time because moto's backends are not safe for concurrent requests (moto PR #7166
    documents it); Terraform sends many at once, and two RevokeSecurityGroupEgress calls on one
    group rewrite its rule list from the same snapshot, so one revoked rule comes back
    (moto/ec2/models/security_groups.py `revoke_security_group_egress`). AWS serializes per
    resource; this is the simplest way to behave like it.

    A retry of a request already answered gets that answer again, without running it twice. The
    AWS SDKs retry an attempt whose answer they did not read (a connection reset or cut short on
    this loopback server), sending the same `amz-sdk-invocation-id` with `attempt=2`; moto would
    run it again, and a non-idempotent call then fails on its own first success: a deploy-tier
    destroy failed with InvalidPermission.NotFound revoking a rule the attempt before had revoked,
    and a deploy with a duplicate Route53 change. AWS sees such a retry only when its answer is
    lost, rarely; here it is the emulator's transport, so its effect is undone here. The log line of
    a retry says which attempt it was and whether it was replayed.
    """

    # Answers kept for replay: SDK retries come within seconds; a few hundred cover a deploy's burst.
    REPLAY_LIMIT = 500

    def __init__(self, app, request_log=None):
        self.app = app
        self.request_log = request_log
        self.lock = threading.Lock()
        self.answers = collections.OrderedDict()

    def __call__(self, environ, start_response):
        from moto.core.responses import BaseResponse
        from moto.iam.models import get_account_id_from

        arrived = time.monotonic()
        length = int(environ.get("CONTENT_LENGTH") or 0)
        payload = environ["wsgi.input"].read(length) if length else b""
        environ["wsgi.input"] = io.BytesIO(payload)
        status = []

        def record_status(code, headers, *rest):
            status.append(code.split(" ")[0])
            return start_response(code, headers, *rest)

        invocation = environ.get("HTTP_AMZ_SDK_INVOCATION_ID")
        attempt = re.search(r"attempt=(\d+)", environ.get("HTTP_AMZ_SDK_REQUEST", ""))
        attempt = int(attempt.group(1)) if attempt else 1

        with self.lock:
            started = time.monotonic()
            _request.secure = environ.get("wsgi.url_scheme") == "https"
            match = BaseResponse.access_key_regex.search(environ.get("HTTP_AUTHORIZATION", ""))
            _request.access_key = match.group(1) if match else None
            replayed = invocation in self.answers if invocation and attempt > 1 else False
            if replayed:
                code, headers, result = self.answers[invocation]
                status.append(code.split(" ")[0])
                start_response(code, headers)
            else:
                # Read before the request runs: its conditions see the state it found.
                entry = self.request_log.describe(environ, payload) if self.request_log else None
                answer = []

                def keep(code, headers, *rest):
                    answer.extend([code, list(headers)])
                    return record_status(code, headers, *rest)

                # The body is produced inside the lock: werkzeug would iterate it after this returns.
                body = self.app(environ, keep)
                try:
                    result = list(body)
                finally:
                    if hasattr(body, "close"):
                        body.close()
                # A server error or throttling is worth retrying for real; any other answer stands.
                if invocation and answer and int(answer[0].split(" ")[0]) < 500 and not answer[0].startswith("429"):
                    self.answers[invocation] = (answer[0], answer[1], result)
                    while len(self.answers) > self.REPLAY_LIMIT:
                        self.answers.popitem(last=False)
                if entry is not None:
                    self.request_log.write(entry, status[0] if status else 0)
            # One line per request, for reading a failed run: when, which account, what, the answer,
            # how long it queued and how long moto took (and, for a retry, which attempt it was).
            retry = f" attempt {attempt}{' replayed' if replayed else ''}" if attempt > 1 else ""
            print(
                f"{time.strftime('%H:%M:%S')} {get_account_id_from(_request.access_key or 'AKIAEXAMPLE')} "
                f"{_operation(environ, payload)} {status[0] if status else '-'} "
                f"queued {1000 * (started - arrived):.0f}ms served {1000 * (time.monotonic() - started):.0f}ms"
                f"{retry}",
                file=sys.stderr,
                flush=True,
            )
        return result


def _operation(environ, payload):
    """The API operation of a request: its X-Amz-Target, its Action parameter, or method and path."""
    from urllib.parse import parse_qs

    target = environ.get("HTTP_X_AMZ_TARGET")
    if target:
        return target
    query = parse_qs(environ.get("QUERY_STRING", ""))
    if "application/x-www-form-urlencoded" in environ.get("CONTENT_TYPE", ""):
        query.update(parse_qs(payload.decode("utf-8", "replace")))
    if "Action" in query:
        return query["Action"][0]
    return f"{environ.get('REQUEST_METHOD')} {environ.get('PATH_INFO')}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cert-dir", required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--request-log", help="append a JSON line per request of a role session here")
    args = parser.parse_args()

    fill_s3_policy_gap()
    fill_autoscaling_tags_gap()
    fill_ecs_service_gap()
    fill_ecs_account_setting_default_gap()
    fill_rds_gaps()
    fill_ec2_gaps()
    fill_route53_gap()
    fill_sts_web_identity_gap()

    # Each request is logged once, by RequestContext; werkzeug's own access log would repeat it.
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    paths = write_certificates(args.cert_dir)
    app = RequestContext(
        DomainDispatcherApplication(create_backend_app), RequestLog(args.request_log) if args.request_log else None
    )
    https = make_server(args.host, 0, app, threaded=True, ssl_context=(paths["server.pem"], paths["server-key.pem"]))
    http = make_server(args.host, 0, app, threaded=True)
    for server in (https, http):
        threading.Thread(target=server.serve_forever, daemon=True).start()
    print(json.dumps({"https": https.port, "http": http.port, "ca": paths["ca.pem"]}), flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
