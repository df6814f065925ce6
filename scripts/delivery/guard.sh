#!/usr/bin/env bash
# Refuses a synthesized stack that could run code, or fetch code, beyond the reviewed AWS provider:
# the jobs that plan and apply it hold a delivery role's token, and Terraform runs what the stack
# says with it. Refused: provisioners (local-exec, remote-exec: any command), the `external` and
# `http` data sources (a program, a URL), modules from anywhere but this directory, and providers
# or a backend other than those the repository's lock file and stacks pin.
#
# Usage: guard.sh [cdk.tf.json] [.terraform.lock.hcl]   (run in the stack's directory)
set -euo pipefail
json="${1:-cdk.tf.json}"
lock="${2:-.terraform.lock.hcl}"
problems=()

while IFS= read -r path; do
  [ -n "$path" ] && problems+=("a provisioner runs a command: $path")
done < <(jq -r '[paths | select(.[-1] == "provisioner") | map(tostring) | join(".")] | .[]' "$json")

while IFS= read -r source; do
  [ -n "$source" ] && problems+=("data source \"$source\" runs a program or reads a URL")
done < <(jq -r '(.data // {}) | keys[] | select(. == "external" or . == "http")' "$json")

while IFS= read -r module; do
  [ -n "$module" ] && problems+=("module $module comes from outside the repository")
done < <(jq -r '(.module // {}) | to_entries[] | select((.value.source // "") | test("^\\.\\.?/") | not) | "\(.key) (\(.value.source))"' "$json")

while IFS= read -r backend; do
  [ -n "$backend" ] && problems+=("backend \"$backend\" is neither s3 nor local")
done < <(jq -r '(.terraform.backend // {}) | keys[] | select(. != "s3" and . != "local")' "$json")

# Every provider the stack configures must be a required provider, and each one pinned in the lock.
while IFS= read -r name; do
  [ -n "$name" ] && problems+=("provider \"$name\" is configured but not among required_providers")
done < <(jq -r '((.terraform.required_providers // {}) | keys) as $required | (.provider // {}) | keys[] | select(. as $p | $required | index($p) | not)' "$json")
while IFS= read -r source; do
  [ -z "$source" ] && continue
  case "$source" in
    */*/*) address="$source" ;;
    */*) address="registry.terraform.io/$source" ;;
    *) address="registry.terraform.io/hashicorp/$source" ;;
  esac
  grep -qF "provider \"$address\"" "$lock" || problems+=("provider $address is not in $lock")
done < <(jq -r '(.terraform.required_providers // {}) | to_entries[] | .value.source // .key' "$json")

if [ "${#problems[@]}" -gt 0 ]; then
  echo "refused: $json" >&2
  printf '  - %s\n' "${problems[@]}" >&2
  exit 1
fi
echo "guard: $json runs no provisioner, external program, URL or foreign module; providers are locked"
