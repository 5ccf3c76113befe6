#!/bin/sh
# deploy/keys.sh: run once by compose's "keys" service (as root, in the contentpay image) before the
# servers start. Makes what is missing in the keys volume, and never replaces what is there:
#   - each server's signing key (its public half is written beside it, .public.jwks), which the
#     other parties read: auth reads the shop's and settlement's, settlement and the bureau auth's;
#   - an authority for the dedicated lines and a certificate for auth, the bureau and settlement,
#     naming the compose service each is reached at.
# Then gives the volume to the servers' user (10001), since volumes start owned by root.
set -eu
cd /var/lib/contentpay
contentpay() { java -cp @/app/jib-classpath-file dev.contentpay.app.Main "$@"; }

mkdir -p keys/tls
[ -f keys/auth.jwk ] || contentpay keys generate keys/auth.jwk --kid demo-issuer-1
[ -f keys/shop.jwk ] || contentpay keys generate keys/shop.jwk --kid sakura-shop-1
[ -f keys/settlement.jwk ] || contentpay keys generate keys/settlement.jwk --kid sakura-settlement-1
[ -f keys/tls/ca.pem ] || contentpay keys ca keys/tls/ca.pem --key keys/tls/ca.key
certificate() { # FILE NAME HOST
  [ -f "keys/tls/$1.pem" ] || contentpay keys certificate "keys/tls/$1.pem" --key "keys/tls/$1.key" \
      --ca keys/tls/ca.pem --ca-key keys/tls/ca.key --name "$2" --host "$3" --host localhost
}
certificate auth auth auth
certificate bureau bureau bureau
# Auth ties settlement's assertions to a certificate naming the merchant.
certificate settlement sakura settlement
chown -R 10001:10001 /var/lib/contentpay/keys /var/lib/contentpay/contents
echo "keys ready"
