#!/usr/bin/env bash
# Starts coturn with turnserver.conf (beside this script) and the TURN secrets from the environment, so that coturn
# and Vidgate read the same variable from the same .env: VIDGATE_TURN_SECRETS, comma-separated, the first one the
# secret Vidgate signs with (coturn accepts every one: that is how a secret is rotated, docs/deployment.md).
#
# The secrets go into a copy of the configuration that only this user can read, never onto turnserver's command
# line (where ps shows them). Arguments are passed on to turnserver: docker-compose.yml adds --relay-ip there.
#
# Environment: VIDGATE_TURN_SECRETS (required); COTURN_CONFIG (default: turnserver.conf beside this script);
# TURNSERVER (default: turnserver on PATH).
set -euo pipefail

config=${COTURN_CONFIG:-$(dirname "$0")/turnserver.conf}
secrets=${VIDGATE_TURN_SECRETS:-}
if [ -z "$secrets" ]; then
  echo "start-coturn: VIDGATE_TURN_SECRETS is not set (the same secret(s) as the gateway's and the broker's)" >&2
  exit 64
fi

umask 077
runtime=$(mktemp -d "${TMPDIR:-/tmp}/coturn.XXXXXX")
generated=$runtime/turnserver.conf
{
  cat "$config"
  echo
  echo "# Added by start-coturn.sh from VIDGATE_TURN_SECRETS"
  IFS=',' read -r -a entries <<<"$secrets"
  for secret in "${entries[@]}"; do
    secret=${secret#"${secret%%[![:space:]]*}"}   # trim, as Spring does for list elements
    secret=${secret%"${secret##*[![:space:]]}"}
    if [ -z "$secret" ]; then
      continue
    fi
    # A secret is one configuration value: no blanks, no comment sign, nothing coturn would read differently.
    if ! [[ $secret =~ ^[A-Za-z0-9._~+/=@:-]+$ ]]; then
      echo "start-coturn: a secret in VIDGATE_TURN_SECRETS has characters other than letters, digits and ._~+/=@:-" >&2
      exit 64
    fi
    echo "static-auth-secret=$secret"
  done
} >"$generated"

if ! grep -q '^static-auth-secret=' "$generated"; then
  echo "start-coturn: VIDGATE_TURN_SECRETS holds no secret" >&2
  exit 64
fi

exec "${TURNSERVER:-turnserver}" -c "$generated" "$@"
