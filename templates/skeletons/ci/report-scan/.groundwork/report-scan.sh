#!/bin/sh
# Reports a Trivy JSON result to the platform contract as the facts
# security.scanPassed and security.criticalVulnerabilities of $ENTITY_REF.
# Needs GROUNDWORK_URL and GROUNDWORK_TOKEN (golden-path piece ci/report-scan).
set -eu
result="$1"
critical=$(jq '[.Results[]?.Vulnerabilities[]? | select(.Severity == "CRITICAL")] | length' "$result")
passed=$(jq '[.Results[]?.Vulnerabilities[]?] | length == 0' "$result")
curl --fail-with-body -sS -X POST "$GROUNDWORK_URL/api/platform-contract/facts" \
  -H "Authorization: Bearer $GROUNDWORK_TOKEN" \
  -H 'Content-Type: application/json' \
  -d "{\"facts\":[{\"entityRef\":\"$ENTITY_REF\",\"name\":\"security.scanPassed\",\"value\":$passed},{\"entityRef\":\"$ENTITY_REF\",\"name\":\"security.criticalVulnerabilities\",\"value\":$critical}]}"
