#!/usr/bin/env bash
# Refuses a synthesized stack that could run code, or fetch code, beyond the reviewed AWS provider:
# the jobs that plan and apply it hold a delivery role's token, and Terraform runs what the stack
# says with it. Refused: provisioners (local-exec, remote-exec: any command), the `external` and
# `http` data sources (a program, a URL), modules from anywhere but this directory, and providers
# or a backend other than those the repository's lock file and stacks pin.
#
# Usage: guard.sh [directory] [lock file]   (default: the current directory, its .terraform.lock.hcl)
# Every *.tf.json of the directory is read, merged as Terraform merges them; any other Terraform
# file (*.tf, HCL) is refused, since it cannot be read here.
set -euo pipefail
dir="${1:-.}"
lock="${2:-$dir/.terraform.lock.hcl}"
problems=()
shopt -s nullglob
for hcl in "$dir"/*.tf; do problems+=("$(basename "$hcl") is HCL, which this check cannot read"); done
files=("$dir"/*.tf.json)
if [ "${#files[@]}" -eq 0 ]; then
  echo "refused: no *.tf.json in $dir" >&2
  exit 1
fi
json="$(mktemp)"
trap 'rm -f "$json"' EXIT
jq -s 'reduce .[] as $file ({}; . * $file)' "${files[@]}" >"$json"

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
  echo "refused: the stack in $dir" >&2
  printf '  - %s\n' "${problems[@]}" >&2
  exit 1
fi
echo "guard: ${files[*]##*/} run no provisioner, external program, URL or foreign module; providers are locked"
