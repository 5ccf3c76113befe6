#!/bin/sh
# deploy/keys.sh: run by compose's "keys" service (as root, in the contentpay image) before the
# servers start. Each server has a key volume of its own, mounted here at /keys/<server>; the
# line authority's is /keys/ca, which no server mounts; /keys/public is what every server reads.
# Makes what is missing, and never replaces a key or a certificate that is there:
#   - auth's, the shop's and settlement's signing keys, each in its own volume (its public half is
#     written beside it, .public.jwks);
#   - an authority for the dedicated lines, and a certificate for auth, the bureau and settlement
#     naming the compose service each is reached at, each in its server's volume with the
#     authority's certificate beside it (tls/ca.pem).
# Then copies the public halves of the signing keys to /keys/public afresh (so running it again
# after a key rotation hands the new halves on), and gives every volume to the servers' user
# (10001), since volumes start owned by root.
set -eu
cd /keys
contentpay() { java -cp @/app/jib-classpath-file dev.contentpay.app.Main "$@"; }

mkdir -p auth/tls bureau/tls shop settlement/tls ca public
[ -f auth/auth.jwk ] || contentpay keys generate auth/auth.jwk --kid demo-issuer-1
[ -f shop/shop.jwk ] || contentpay keys generate shop/shop.jwk --kid sakura-shop-1
[ -f settlement/settlement.jwk ] || contentpay keys generate settlement/settlement.jwk --kid sakura-settlement-1
[ -f ca/ca.pem ] || contentpay keys ca ca/ca.pem --key ca/ca.key
certificate() { # SERVER NAME HOST
  [ -f "$1/tls/$1.pem" ] || contentpay keys certificate "$1/tls/$1.pem" --key "$1/tls/$1.key" \
      --ca ca/ca.pem --ca-key ca/ca.key --name "$2" --host "$3" --host localhost
  cp ca/ca.pem "$1/tls/ca.pem"
}
certificate auth auth auth
certificate bureau bureau bureau
# Auth ties settlement's assertions to a certificate naming the merchant.
certificate settlement sakura settlement
cp auth/auth.public.jwks shop/shop.public.jwks settlement/settlement.public.jwks public/
chmod 0644 public/*.public.jwks
chown -R 10001:10001 auth bureau shop settlement public /var/lib/contentpay/contents
chown -R 0:0 ca
chmod 0700 ca
echo "keys ready"
