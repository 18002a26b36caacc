#!/usr/bin/env bash
# Pushes a file to certhub's REST channel, signed with a source's key: needs only bash, openssl and curl.
#
#   CERTHUB_KEY=training-center-demo CERTHUB_SECRET=demo-secret-training-center-not-for-production \
#     docs/samples/push.sh docs/samples/training-center-demo.json
#
# Settings (environment):
#   CERTHUB_URL       base URL of the hub                    default http://localhost:8080
#   CERTHUB_SOURCE    the source id                          default training-center
#   CERTHUB_KEY       the source's key id                    required
#   CERTHUB_SECRET    the source's secret                    required
#   CONTENT_TYPE      the body's media type                  default application/json
#                     (text/csv; charset=GB18030 for a GB18030 CSV file, application/xml for XML)
#   ENDPOINT          records (store and issue) or dry-run   default records
#   IDEMPOTENCY_KEY   sent as Idempotency-Key when set: a retry with the same key gets the first answer
set -euo pipefail

file=${1:?usage: push.sh FILE}
base=${CERTHUB_URL:-http://localhost:8080}
source=${CERTHUB_SOURCE:-training-center}
key=${CERTHUB_KEY:?set CERTHUB_KEY to the source key id}
secret=${CERTHUB_SECRET:?set CERTHUB_SECRET to the source secret}
content_type=${CONTENT_TYPE:-application/json}
path="/api/v1/sources/${source}/${ENDPOINT:-records}"

timestamp=$(date +%s)                                   # Unix seconds, within 5 minutes of the hub's clock
nonce=$(openssl rand -hex 16)                           # new for every request
body_sha256=$(openssl dgst -sha256 -r "$file" | cut -d' ' -f1)   # hex SHA-256 of the body bytes as sent
string_to_sign=$(printf '%s\n%s\n%s\n%s\n%s' POST "$path" "$timestamp" "$nonce" "$body_sha256")
signature=$(printf '%s' "$string_to_sign" | openssl dgst -sha256 -hmac "$secret" -binary | openssl base64 -A)

headers=(-H "Content-Type: ${content_type}"
         -H "X-Certhub-Key: ${key}"
         -H "X-Certhub-Timestamp: ${timestamp}"
         -H "X-Certhub-Nonce: ${nonce}"
         -H "X-Certhub-Signature: ${signature}")
if [ -n "${IDEMPOTENCY_KEY:-}" ]; then
  headers+=(-H "Idempotency-Key: ${IDEMPOTENCY_KEY}")
fi

curl -sS -X POST "${base}${path}" "${headers[@]}" --data-binary "@${file}" -w '\nHTTP %{http_code}\n'
