#!/usr/bin/env bash
# Refuses a synthesized stack that could run code, or reach anything, beyond the reviewed AWS
# provider and the state bucket: the jobs that plan and apply it hold a delivery role's token, and
# Terraform does what the stack says with it. Refused: provisioners (local-exec, remote-exec: any
# command), the `external` and `http` data sources (a program, a URL), remote state read from
# anything but S3, modules (the stacks use none: a module's own files are not read here), a backend
# other than s3 or local, and providers other than those the repository's lock file pins.
#
# Usage: guard.sh [directory] [lock file]   (default: the current directory, its .terraform.lock.hcl)
# Every *.tf.json of the directory is read and merged as Terraform merges them (blocks written as
# lists of objects too); any other Terraform file (*.tf, HCL) is refused, since it cannot be read here.
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
[ -f "$lock" ] || problems+=("no lock file at $lock")

# One object per top-level block, whichever JSON form each file used.
json="$(mktemp)"
trap 'rm -f "$json"' EXIT
jq -s '
  def obj: if type == "array" then reduce .[] as $x ({}; . * ($x | obj)) elif type == "object" then . else {} end;
  map(with_entries(.value |= obj)) | reduce .[] as $file ({}; . * $file)
  | with_entries(if .key == "terraform" or .key == "data" or .key == "resource" then .value |= map_values(obj) else . end)
' "${files[@]}" >"$json"

# Each query below prints one line per problem; a query that fails stops the guard (set -e).
query() { jq -r "$1" "$json"; }
add() {
  local line
  while IFS= read -r line; do
    if [ -n "$line" ]; then problems+=("$line"); fi
  done <<<"$1"
}

add "$(query '[paths | select(.[-1] == "provisioner") | map(tostring) | join(".")] | .[] | "a provisioner runs a command: \(.)"')"
add "$(query '(.data // {}) | keys[] | select(. == "external" or . == "http") | "data source \"\(.)\" runs a program or reads a URL"')"
add "$(query '(.data.terraform_remote_state // {}) | to_entries[] | select((.value.backend // "") != "s3") | "remote state \(.key) is read from \"\(.value.backend // "nothing")\", not s3"')"
add "$(query '(.module // {}) | keys[] | "module \(.) is refused: the stacks use none, and its files are not read here"')"
add "$(query '(.terraform.backend // {}) | keys[] | select(. != "s3" and . != "local") | "backend \"\(.)\" is neither s3 nor local"')"

# Every provider the stack configures must be a required provider, and each one pinned in the lock.
add "$(query '((.terraform.required_providers // {}) | keys) as $required | (.provider // {}) | keys[] | select(. as $p | $required | index($p) | not) | "provider \"\(.)\" is configured but not among required_providers"')"
sources="$(query '(.terraform.required_providers // {}) | to_entries[] | if (.value | type) == "object" then (.value.source // .key) else .key end')"
while IFS= read -r source; do
  if [ -z "$source" ]; then continue; fi
  case "$source" in
    */*/*) address="$source" ;;
    */*) address="registry.terraform.io/$source" ;;
    *) address="registry.terraform.io/hashicorp/$source" ;;
  esac
  if [ -f "$lock" ] && ! grep -qF "provider \"$address\"" "$lock"; then
    problems+=("provider $address is not in $lock")
  fi
done <<<"$sources"

if [ "${#problems[@]}" -gt 0 ]; then
  echo "refused: the stack in $dir" >&2
  printf '  - %s\n' "${problems[@]}" >&2
  exit 1
fi
echo "guard: ${files[*]##*/} run no provisioner, program, URL or module; remote state is S3; providers are locked"
