#!/usr/bin/env bash
# Pushes a file to certhub's REST channel, signed with a source's key (signature v2, docs/integrators/rest.md): needs
# only bash, openssl and curl.
#
#   docs/samples/push.sh docs/samples/training-center-demo.json          # a hub started as the README says
#   CERTHUB_KEY=... CERTHUB_SECRET=... docs/samples/push.sh FILE          # any other hub
#
# Settings (environment):
#   CERTHUB_URL       base URL of the hub                    default http://localhost:8080
#   CERTHUB_SOURCE    the source id                          default training-center
#   CERTHUB_KEY       the source's key id                    default: the source's demo key id, see below
#   CERTHUB_SECRET    the source's secret                    default: the source's demo secret, see below
#   CONTENT_TYPE      the body's media type                  default application/json
#                     (text/csv; charset=GB18030 for a GB18030 CSV file, application/xml for XML)
#   ENDPOINT          records (store and issue) or dry-run   default records
#   IDEMPOTENCY_KEY   sent as Idempotency-Key when set: a retry with the same key gets the first answer
#
# Without CERTHUB_KEY and CERTHUB_SECRET the request is signed with the demo key id and secret that
# config/application.yaml gives training-center and exam-system: public values, accepted only by a hub that still
# runs with them (the hub warns at start-up while it does). Set both for any other hub or source.
#
# Prints the hub's answer and its HTTP status; exits 1 unless the status is 2xx.
set -euo pipefail

file=${1:?usage: push.sh FILE}
base=${CERTHUB_URL:-http://localhost:8080}
source=${CERTHUB_SOURCE:-training-center}
if [ -z "${CERTHUB_KEY:-}" ] && [ -z "${CERTHUB_SECRET:-}" ]; then
  case "$source" in
    training-center) CERTHUB_KEY=training-center-demo CERTHUB_SECRET=demo-secret-training-center-not-for-production ;;
    exam-system)     CERTHUB_KEY=exam-system-demo CERTHUB_SECRET=demo-secret-exam-system-not-for-production ;;
    *)               echo "push.sh: source ${source} has no demo key: set CERTHUB_KEY and CERTHUB_SECRET" >&2; exit 2 ;;
  esac
  echo "push.sh: signing with the demo key ${CERTHUB_KEY} (CERTHUB_KEY and CERTHUB_SECRET not set)" >&2
fi
key=${CERTHUB_KEY:?set CERTHUB_KEY to the source key id}
secret=${CERTHUB_SECRET:?set CERTHUB_SECRET to the source secret}
content_type=${CONTENT_TYPE:-application/json}
path="/api/v1/sources/${source}/${ENDPOINT:-records}"

timestamp=$(date +%s)                                   # Unix seconds, within 5 minutes of the hub's clock
nonce=$(openssl rand -hex 16)                           # new for every request
body_sha256=$(openssl dgst -sha256 -r "$file" | cut -d' ' -f1)   # hex SHA-256 of the body bytes as sent
query=""                                                # the query string as sent, without '?' (none here)
# signature v2: method, path, query, Content-Type, Idempotency-Key (empty when not sent), timestamp, nonce, body hash
string_to_sign=$(printf 'v2\n%s\n%s\n%s\n%s\n%s\n%s\n%s\n%s' POST "$path" "$query" "$content_type" \
  "${IDEMPOTENCY_KEY:-}" "$timestamp" "$nonce" "$body_sha256")
signature="v2=$(printf '%s' "$string_to_sign" | openssl dgst -sha256 -hmac "$secret" -binary | openssl base64 -A)"

headers=(-H "Content-Type: ${content_type}"
         -H "X-Certhub-Key: ${key}"
         -H "X-Certhub-Timestamp: ${timestamp}"
         -H "X-Certhub-Nonce: ${nonce}"
         -H "X-Certhub-Content-SHA256: ${body_sha256}"
         -H "X-Certhub-Signature: ${signature}")
if [ -n "${IDEMPOTENCY_KEY:-}" ]; then
  headers+=(-H "Idempotency-Key: ${IDEMPOTENCY_KEY}")
fi

answer=$(curl -sS -X POST "${base}${path}" "${headers[@]}" --data-binary "@${file}" -w '\nHTTP %{http_code}')
printf '%s\n' "$answer"
case "${answer##*HTTP }" in
  2??) ;;
  *) exit 1 ;;
esac
