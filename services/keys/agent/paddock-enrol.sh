#!/bin/sh
# Enrols a machine with the Paddock keys service using only sh, openssl and curl (as in an
# initramfs). The private key is made here and never leaves the machine.
#
#   paddock-enrol.sh enroll   needs PADDOCK_TOKEN (or PADDOCK_TOKEN_FILE) and PADDOCK_NODE
#   paddock-enrol.sh renew    uses the current identity in $PADDOCK_DIR as client certificate
#
# PADDOCK_URL   https://host:port of the keys service's HTTP port
# PADDOCK_CA    the CA file to trust for it (handed over with the token)
# PADDOCK_PIN   or instead, the SHA-256 (base64) of the public key that port presents (curl's
#               --pinnedpubkey); the CA then comes with the answer
# PADDOCK_DIR   where the credentials go (default /etc/paddock)
# SSH_HOST_KEY  SSH host public key to certify (default /etc/ssh/ssh_host_ed25519_key.pub)
#
# With no PADDOCK_URL (as the node image runs it at boot), everything comes from the kernel
# command line the boot service wrote in the machine's script: paddock.token, paddock.node,
# paddock.keys (the URL), paddock.pin (the port's key, trusted at once: one HTTPS call) and
# paddock.ca (SHA-256 of the CA bundle, downloaded and checked first when there is no pin).
set -eu
mode=${1:-enroll}
dir=${PADDOCK_DIR:-/etc/paddock}
ssh_key=${SSH_HOST_KEY:-/etc/ssh/ssh_host_ed25519_key.pub}
umask 077
mkdir -p "$dir"
boot= pin=${PADDOCK_PIN:-}
if [ -z "${PADDOCK_URL:-}" ] && [ "$mode" = enroll ] && [ -r /proc/cmdline ]; then
  # Read by the shell itself: every program started costs on an emulated machine.
  read -r cmdline </proc/cmdline || true
  token= node= url= ca_sum= cpin=
  set -f
  for w in $cmdline; do
    case $w in
      paddock.token=*) token=${w#*=} ;;
      paddock.node=*) node=${w#*=} ;;
      paddock.keys=*) url=${w#*=} ;;
      paddock.ca=*) ca_sum=${w#*=} ;;
      paddock.pin=*) cpin=${w#*=} ;;
    esac
  done
  set +f
  case " $cmdline " in
    *" paddock.token="*)
      [ -n "$token" ] && [ -n "$url" ] || { echo "paddock-enrol: no token for this boot" >&2; exit 1; }
      PADDOCK_TOKEN=$token PADDOCK_NODE=$node PADDOCK_URL=$url pin=$cpin boot=1
      [ -n "$pin" ] || PADDOCK_CA=$dir/ca-download.pem
      ;;
  esac
fi
: "${PADDOCK_URL:?set PADDOCK_URL}"
[ -n "$pin" ] || : "${PADDOCK_CA:?set PADDOCK_CA or PADDOCK_PIN}"

# The token's last 4 characters are a check over the first 20 (Crockford base32 of the first
# 20 bits of SHA-256): a mistyped or truncated token stops here, before any network call.
check_token() {
  body=$(printf %s "$1" | sed 's/^[Pp][Dd][Tt]-//' | tr -d ' -' | tr 'a-z' 'A-Z' | tr 'OIL' '011')
  [ "${#body}" -eq 24 ] || { echo "paddock-enrol: token has ${#body} characters, not 24: truncated or mistyped" >&2; exit 2; }
  # The first 20 bits are the first 5 hex digits (sha256sum: no libcrypto to load, which costs
  # a large share of a second on an emulated machine), written as 4 base32 characters.
  v=$((0x$(printf %s "$body" | cut -c1-20 | tr -d '\n' | sha256sum | cut -c1-5)))
  i="$(((v >> 15) & 31)) $(((v >> 10) & 31)) $(((v >> 5) & 31)) $((v & 31))"
  check=$(awk -v i="$i" 'BEGIN { a = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"; n = split(i, x, " "); for (k = 1; k <= n; k++) printf "%s", substr(a, x[k] + 1, 1) }')
  [ "$check" = "$(printf %s "$body" | cut -c21-24)" ] || { echo "paddock-enrol: token check characters do not match: it was mistyped" >&2; exit 2; }
}

name=${PADDOCK_NODE:-}
if [ "$mode" = renew ] && [ -z "$name" ]; then
  name=$(openssl x509 -in "$dir/identity.crt" -noout -subject -nameopt multiline | sed -n 's/^ *commonName *= *//p')
fi
[ -n "$name" ] || { echo "paddock-enrol: set PADDOCK_NODE" >&2; exit 2; }

if [ "$mode" = enroll ]; then
  token=${PADDOCK_TOKEN:-$(cat "${PADDOCK_TOKEN_FILE:?set PADDOCK_TOKEN or PADDOCK_TOKEN_FILE}")}
  check_token "$token"
fi

# The key and request are made while the CA comes (each costs most of a second on an emulated
# machine). An initramfs has no openssl.cnf, and nothing here needs one.
OPENSSL_CONF=/dev/null openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$dir/identity.key.new" \
  -out "$dir/identity.csr" -subj "/CN=$name" 2>"$dir/openssl.err" &
req=$!
if [ -n "$boot" ] && [ -z "$pin" ]; then
  # The CA comes over a connection not yet trusted; its fingerprint from the script decides.
  curl -sSk --connect-timeout 10 --max-time 60 -o "$dir/ca-download.pem" "$PADDOCK_URL/keys/v1/ca.pem" ||
    { wait "$req" || true; echo "paddock-enrol: cannot fetch the CA from $PADDOCK_URL" >&2; exit 1; }
  [ "$(sha256sum "$dir/ca-download.pem" | cut -d' ' -f1)" = "$ca_sum" ] ||
    { wait "$req" || true; echo "paddock-enrol: the CA served at $PADDOCK_URL does not match the fingerprint from the boot script" >&2; exit 1; }
fi
wait "$req" ||
  { echo "paddock-enrol: openssl could not make the key and request: $(cat "$dir/openssl.err")" >&2; exit 1; }
rm -f "$dir/openssl.err"
set -- --data-urlencode "csr@$dir/identity.csr"
[ -f "$ssh_key" ] && set -- "$@" --data-urlencode "ssh_host_key@$ssh_key"
if [ "$mode" = enroll ]; then
  printf 'token=%s' "$token" >"$dir/token.form"
  set -- "$@" --data "@$dir/token.form"
  url=$PADDOCK_URL/keys/v1/enroll
else
  set -- "$@" --cert "$dir/identity.crt" --key "$dir/identity.key"
  url=$PADDOCK_URL/keys/v1/renew
fi
# The port is trusted by its pinned key (checked before anything is sent), or by the CA.
if [ -n "$pin" ]; then set -- "$@" -k --pinnedpubkey "sha256//$pin"; else set -- "$@" --cacert "$PADDOCK_CA"; fi
status=$(curl -sS --connect-timeout 10 --max-time 120 "$@" -o "$dir/response" -w '%{http_code}' "$url") || status=000
rm -f "$dir/token.form" "$dir/identity.csr"
if [ "$status" != 200 ]; then
  echo "paddock-enrol: $mode refused ($status): $(cat "$dir/response" 2>/dev/null)" >&2
  rm -f "$dir/identity.key.new" "$dir/response"
  exit 1
fi
# The answer is "# <file>" headers, each followed by that file's content.
awk -v dir="$dir" '/^# / { out = dir "/" $2 ".new"; next } out { print > out }' "$dir/response"
for f in identity.crt ca.crt ssh_host_ed25519_key-cert.pub ssh_user_ca.pub ssh_host_ca.pub; do
  [ -f "$dir/$f.new" ] && mv "$dir/$f.new" "$dir/$f"
done
mv "$dir/identity.key.new" "$dir/identity.key"
rm -f "$dir/response"
chmod 644 "$dir"/*.crt "$dir"/*.pub
# The service names the certificate's end (as openssl prints it), which saves starting openssl.
expiry=$(cat "$dir/not_after.new" 2>/dev/null) || expiry=$(openssl x509 -in "$dir/identity.crt" -noout -enddate | sed 's/^notAfter=//')
rm -f "$dir/not_after.new"
echo "paddock-enrol: $mode ok for $name: notAfter=$expiry"
