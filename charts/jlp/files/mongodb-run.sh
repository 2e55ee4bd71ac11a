#!/bin/bash
# Starts mongod as a replica-set member. On member 0 it also runs init-replset.js in the
# background: the replica set and its first user can only be created through MongoDB's
# localhost exception, i.e. from inside this pod.
set -uo pipefail

tls=()
if [[ "${MONGODB_TLS:-false}" == "true" ]]; then
  # Clients and members must use TLS; clients authenticate by password (no certificate asked),
  # members by the keyfile, and present /keys/tls.pem to each other.
  tls=(--tlsMode requireTLS --tlsCertificateKeyFile /keys/tls.pem --tlsCAFile /tls/ca.crt
       --tlsAllowConnectionsWithoutCertificates)
fi

mongod --replSet "$MONGODB_REPLICA_SET" --bind_ip_all --port 27017 --dbpath /data/db \
  --keyFile /keys/keyfile --wiredTigerCacheSizeGB "$MONGODB_CACHE_GB" "${tls[@]}" &
pid=$!
trap 'kill -TERM "$pid"' TERM INT

if [[ "${POD_NAME##*-}" == "0" ]]; then
  mongosh --nodb --quiet --norc /scripts/init-replset.js &
fi

status=0
wait "$pid" || status=$?
# A trapped signal ends the first wait early; wait again for mongod's clean shutdown.
if kill -0 "$pid" 2>/dev/null; then
  wait "$pid" || status=$?
fi
exit "$status"
