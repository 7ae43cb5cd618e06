#!/usr/bin/env bash
# The README's walk-through, end to end: token exchange -> refresh -> retry -> replay.
# Needs curl, jq and openssl, and a running service started with these bootstrap credentials:
#   TOKENKEEPER_BOOTSTRAP_CLIENT_ID=Tk1.admin TOKENKEEPER_BOOTSTRAP_CLIENT_SECRET=tks_choose_a_long_random_secret_here \
#   java -XX:SharedArchiveFile=target/tokenkeeper.jsa -jar target/tokenkeeper.jar --port 8080 --nocluster
set -euo pipefail
BASE=${BASE:-http://localhost:8080}
ADMIN_ID=${ADMIN_ID:-Tk1.admin}
ADMIN_SECRET=${ADMIN_SECRET:-tks_choose_a_long_random_secret_here}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
b64url() { base64 -w0 | tr '+/' '-_' | tr -d '='; }
token() { curl -s -H 'Accept: application/json' "$BASE/login/oauth/access_token" "$@"; }

echo "1. platform admin token"
ADMIN=$(token -d grant_type=client_credentials -d client_id="$ADMIN_ID" -d client_secret="$ADMIN_SECRET" | jq -r .access_token)
if [[ -z "$ADMIN" || "$ADMIN" == null ]]; then
  echo "The service refused the platform admin app $ADMIN_ID: start it with the bootstrap credentials at the top of this script (or set ADMIN_ID and ADMIN_SECRET to yours)." >&2
  exit 1
fi

echo "2. a stand-in identity provider (RSA key)"
openssl genrsa -out "$WORK/idp.pem" 2048 2>/dev/null
N=$(openssl rsa -in "$WORK/idp.pem" -noout -modulus | cut -d= -f2 | xxd -r -p | b64url)
JWKS="{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"demo\",\"alg\":\"RS256\",\"use\":\"sig\",\"n\":\"$N\",\"e\":\"AQAB\"}]}"

SLUG=${SLUG:-acme-$RANDOM}
echo "3. tenant $SLUG trusting it, and an app"
curl -s -o /dev/null -w '   tenant: HTTP %{http_code}\n' -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
  "$BASE/api/tenants" -d "{\"slug\":\"$SLUG\",\"name\":\"Acme\",\"identityProvider\":{\"issuer\":\"https://idp.demo\",\"jwks\":$JWKS}}"
APP=$(curl -s -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' "$BASE/api/tenants/$SLUG/apps" -d '{"name":"Portal"}')
CLIENT_ID=$(echo "$APP" | jq -r .client_id)
if [[ "$CLIENT_ID" == null ]]; then
  echo "The app was not created: $APP" >&2
  exit 1
fi
CLIENT_SECRET=$(echo "$APP" | jq -r .client_secret)

echo "4. token exchange"
HEADER=$(printf '{"alg":"RS256","typ":"JWT","kid":"demo"}' | b64url)
PAYLOAD=$(printf '{"iss":"https://idp.demo","sub":"alice","aud":"%s","exp":%d}' "$CLIENT_ID" $(( $(date +%s) + 600 )) | b64url)
SUBJECT="$HEADER.$PAYLOAD.$(printf '%s.%s' "$HEADER" "$PAYLOAD" | openssl dgst -sha256 -sign "$WORK/idp.pem" | b64url)"
PAIR=$(token -d grant_type=urn:ietf:params:oauth:grant-type:token-exchange -d client_id="$CLIENT_ID" -d client_secret="$CLIENT_SECRET" \
  -d subject_token="$SUBJECT" -d subject_token_type=urn:ietf:params:oauth:token-type:jwt)
echo "$PAIR" | jq -c '{expires_in, refresh_token_expires_in, refresh_token: (.refresh_token[0:8] + "…")}'
OLD=$(echo "$PAIR" | jq -r .refresh_token)

echo "5. refresh"
NEW=$(token -d grant_type=refresh_token -d client_id="$CLIENT_ID" -d client_secret="$CLIENT_SECRET" -d refresh_token="$OLD")
echo "$NEW" | jq -c '{expires_in, refresh_token: (.refresh_token[0:8] + "…")}'

echo "6. retry inside the grace window: the same pair"
AGAIN=$(token -d grant_type=refresh_token -d client_id="$CLIENT_ID" -d client_secret="$CLIENT_SECRET" -d refresh_token="$OLD")
[ "$(echo "$AGAIN" | jq -r .refresh_token)" = "$(echo "$NEW" | jq -r .refresh_token)" ] && echo "   same refresh token: yes"

echo "7. replay after the grace window (waiting 11 s): the whole sign-in is revoked"
sleep 11
token -d grant_type=refresh_token -d client_id="$CLIENT_ID" -d client_secret="$CLIENT_SECRET" -d refresh_token="$OLD" | jq -c .
