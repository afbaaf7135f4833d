#!/usr/bin/env bash
# Starts a real Grafana in Docker the way the contract and end-to-end suites expect it
# (docs/testing.md): server admin admin/$GRAFANA_PASSWORD on $GRAFANA_PORT, a short Alertmanager
# poll, and the alerting provisioning files of test/fixtures/grafana-provisioning in their own org.
#
#   scripts/grafana-under-test.sh grafana/grafana:12.2.0 [feature-toggle,...]
#
# Those files name org 2, which must exist before Grafana reads them: Grafana starts with an empty
# provisioning folder, the org is made through the admin API (the first org made is id 2), the
# files are copied in and Grafana re-reads them (POST /api/admin/provisioning/alerting/reload).
set -euo pipefail

image=${1:?usage: $0 IMAGE [FEATURE_TOGGLES]}
toggles=${2:-}
name=${GRAFANA_CONTAINER:-grafana-under-test}
port=${GRAFANA_PORT:-3000}
password=${GRAFANA_PASSWORD:-admin}
url="http://localhost:${port}"
root=$(cd "$(dirname "$0")/.." && pwd)
provisioning=$(mktemp -d)
chmod 755 "$provisioning"

docker rm -f "$name" >/dev/null 2>&1 || true
docker run -d --name "$name" -p "${port}:3000" \
  -e GF_SECURITY_ADMIN_USER=admin \
  -e "GF_SECURITY_ADMIN_PASSWORD=${password}" \
  -e GF_UNIFIED_ALERTING_ALERTMANAGER_CONFIG_POLL_INTERVAL=5s \
  -e "GF_FEATURE_TOGGLES_ENABLE=${toggles}" \
  -v "${provisioning}:/etc/grafana/provisioning/alerting:ro" \
  "$image" >/dev/null

for _ in $(seq 1 90); do
  curl -fsS "${url}/api/health" >/dev/null 2>&1 && break
  sleep 2
done
curl -fsS "${url}/api/health" >/dev/null || { echo "Grafana did not become healthy" >&2; docker logs "$name" >&2; exit 1; }

admin=(-fsS -u "admin:${password}" -H 'Content-Type: application/json')
org=$(curl "${admin[@]}" "${url}/api/orgs?name=Provisioned%20from%20files")
if [ "$org" = "[]" ]; then
  org=$(curl "${admin[@]}" -X POST "${url}/api/orgs" -d '{"name":"Provisioned from files"}')
fi
case "$org" in
  *'"orgId":2'* | *'"id":2'*) ;;
  *) echo "the org \"Provisioned from files\" must be org 2 (start from a fresh Grafana): $org" >&2; exit 1 ;;
esac

cp "$root"/test/fixtures/grafana-provisioning/alerting/*.yaml "$provisioning"/
chmod 644 "$provisioning"/*.yaml
curl "${admin[@]}" -X POST "${url}/api/admin/provisioning/alerting/reload" >/dev/null
echo "Grafana ${image} is ready at ${url} (container ${name})"
