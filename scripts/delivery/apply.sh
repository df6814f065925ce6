#!/usr/bin/env bash
# Applies the plan plan.sh saved (tfplan), exactly: Terraform refuses it if the state changed since
# it was made. Run in the stack's directory with the deploy role's credentials.
#
# Environment:
#   DNS_ROLE_ARN   for an environment stack: the role its DNS provider assumes now, the record
#                  writer (the variable is ephemeral: not kept in the plan, given again here)
# Writes apply.txt.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if [ ! -f tfplan ]; then
  echo "nothing to apply: $(cat plan.txt 2>/dev/null || echo 'no plan was saved')" | tee apply.txt
  exit 0
fi
"$here/guard.sh"
terraform init -input=false -no-color -lockfile=readonly >/dev/null
vars=()
if [ -n "${DNS_ROLE_ARN:-}" ]; then vars+=("-var=dns_role_arn=$DNS_ROLE_ARN"); fi
terraform apply -input=false -no-color "${vars[@]}" tfplan | tee apply.txt
