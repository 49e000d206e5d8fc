#!/usr/bin/env bash
# Writes the secrets the deployment examples mount, into DIR (compose/secrets or kubernetes/secrets):
#   admin-password        CARELOOP_ADMIN_PASSWORD_FILE: the first admin's password
#   mqtt-backend-secret   CARELOOP_MQTT_BACKEND_SECRET_FILE: the ingest users' password at the broker
#   jwt-keys/0001.key.pem, jwt-keys/0001.pub.pem   CARELOOP_JWT_KEYS_DIR: the token signing key pair
#   mosquitto-passwd      Mosquitto's password_file, with every ingest user of the examples
# Needs openssl and mosquitto_passwd (apt-get install mosquitto). Never commit DIR.
#   ops/deploy/make-secrets.sh DIR
set -euo pipefail
dir=${1:?usage: make-secrets.sh DIR}
# The ingest client ids of the examples (the gateway runs an ingest consumer too); mosquitto/acl
# lists the same users. Add one to both for each instance you add.
ingest_users=(ingest-gateway-0 ingest-0 ingest-1)
mkdir -p "$dir/jwt-keys" && chmod 0700 "$dir"
umask 077

random() { openssl rand -base64 32 | tr -d '\n/+=' | cut -c1-32; }
[ -s "$dir/admin-password" ] || random > "$dir/admin-password"
[ -s "$dir/mqtt-backend-secret" ] || random > "$dir/mqtt-backend-secret"
if [ ! -s "$dir/jwt-keys/0001.key.pem" ]; then
  # EC P-256 (ES256): the private key as PKCS #8, the public key as X.509, as CareLoop reads them.
  openssl ecparam -name prime256v1 -genkey -noout | openssl pkcs8 -topk8 -nocrypt -out "$dir/jwt-keys/0001.key.pem"
  openssl ec -in "$dir/jwt-keys/0001.key.pem" -pubout -out "$dir/jwt-keys/0001.pub.pem" 2>/dev/null
fi
rm -f "$dir/mosquitto-passwd"
touch "$dir/mosquitto-passwd"
for user in "${ingest_users[@]}"; do
  mosquitto_passwd -b "$dir/mosquitto-passwd" "$user" "$(cat "$dir/mqtt-backend-secret")"
done
# Containers read these as other users (CareLoop's 10001, Mosquitto's own): readable, in a folder only you list.
chmod 0644 "$dir"/admin-password "$dir"/mqtt-backend-secret "$dir"/mosquitto-passwd "$dir"/jwt-keys/*
chmod 0755 "$dir/jwt-keys"
echo "Secrets in $dir: admin-password, mqtt-backend-secret, jwt-keys/0001.*.pem, mosquitto-passwd"
