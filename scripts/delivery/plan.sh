#!/usr/bin/env bash
# Plans one synthesized stack from its state, as the pull request and pre-apply jobs do, and saves
# the plan (tfplan) for the apply job to apply exactly. Run in the stack's directory with the plan
# role's credentials: it reads states and nothing in AWS (-refresh=false), takes no lock (-lock=false;
# the apply takes it, and refuses the plan if the state changed since), and writes nothing.
#
# Environment:
#   IMAGE_TAG      the image a service stack is planned with; `running` for the one it runs now
#                  (its image-tag output), which skips a service never released yet
#   DNS_ROLE_ARN   for an environment stack: the role its DNS provider assumes for this plan (the
#                  zone reader; the apply gives the writer)
# Writes plan.txt (what the plan said) and tfplan, or only plan.txt when there is nothing to plan.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
"$here/guard.sh"
terraform init -input=false -no-color -lockfile=readonly >/dev/null

vars=()
if [ -n "${DNS_ROLE_ARN:-}" ]; then vars+=("-var=dns_role_arn=$DNS_ROLE_ARN"); fi
if [ -n "${IMAGE_TAG:-}" ]; then
  tag="$IMAGE_TAG"
  if [ "$tag" = running ]; then
    tag="$(terraform output -raw image-tag 2>/dev/null || true)"
    if [ -z "$tag" ]; then
      echo "not released yet: the release workflow deploys its first image" | tee plan.txt
      rm -f tfplan
      exit 0
    fi
  fi
  vars+=("-var=image_tag=$tag")
fi
terraform plan -refresh=false -lock=false -input=false -no-color -out=tfplan "${vars[@]}" | tee plan.txt
