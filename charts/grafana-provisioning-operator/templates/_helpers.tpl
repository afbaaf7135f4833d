{{/* Chart name, overridable. */}}
{{- define "gpo.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The release's full name: object names start with it. */}}
{{- define "gpo.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "gpo.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "gpo.selectorLabels" -}}
app.kubernetes.io/name: {{ include "gpo.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "gpo.labels" -}}
helm.sh/chart: {{ include "gpo.chart" . }}
{{ include "gpo.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: grafana-provisioning-operator
{{- end }}

{{- define "gpo.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "gpo.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "gpo.leaseName" -}}
{{- default (include "gpo.fullname" .) .Values.leaderElection.leaseName }}
{{- end }}

{{/* repository:tag, repository@digest or repository:tag@digest. */}}
{{- define "gpo.image" -}}
{{- $tag := default .Chart.AppVersion .Values.image.tag }}
{{- if .Values.image.digest }}
{{- if .Values.image.tag }}
{{- printf "%s:%s@%s" .Values.image.repository $tag .Values.image.digest }}
{{- else }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- end }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository $tag }}
{{- end }}
{{- end }}

{{/*
The plural of every kind in the chart's crds/ (the project's generated CRDs), so the RBAC rules
cover each kind the operator reconciles, and no other, without editing the chart.
*/}}
{{- define "gpo.kindPlurals" -}}
{{- $plurals := list }}
{{- range $path, $_ := .Files.Glob "crds/*.yaml" }}
{{- $crd := $.Files.Get $path | fromYaml }}
{{- if and (eq (default "" $crd.kind) "CustomResourceDefinition") (eq $crd.spec.group "grafana.provisioning.dev") }}
{{- $plurals = append $plurals $crd.spec.names.plural }}
{{- end }}
{{- end }}
{{- if not $plurals }}
{{- fail "no CustomResourceDefinitions of grafana.provisioning.dev in the chart's crds/" }}
{{- end }}
{{- toJson (sortAlpha $plurals) }}
{{- end }}

{{/* Rules for the namespaces the operator watches (a ClusterRole, or a Role in each). */}}
{{- define "gpo.watchRules" -}}
{{- $plurals := include "gpo.kindPlurals" . | fromJsonArray -}}
# Our kinds: cached metadata (list/watch), each read in full when reconciled (get).
- apiGroups: ["grafana.provisioning.dev"]
  resources:
  {{- range $plurals }}
    - {{ . }}
  {{- end }}
  verbs: ["get", "list", "watch"]
# Finalizers (JSON patch). A GrafanaInstance's holds it until no object holds content through it.
- apiGroups: ["grafana.provisioning.dev"]
  resources:
  {{- range $plurals }}
    - {{ . }}
  {{- end }}
  verbs: ["patch"]
# Status is written through the /status subresource only.
- apiGroups: ["grafana.provisioning.dev"]
  resources:
  {{- range $plurals }}
    - {{ . }}/status
  {{- end }}
  verbs: ["patch"]
# Credentials and content that objects reference: cached as metadata, each read when used.
- apiGroups: [""]
  resources: ["secrets", "configmaps"]
  verbs: ["get", "list", "watch"]
# The Secrets GrafanaServiceAccount tokens are written to: created, replaced on rotation, and
# deleted when a token leaves the spec. Only Secrets the object owns are written (token-secrets.ts).
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["create", "update", "delete"]
# Events on our objects; a repeat bumps the existing Event's count.
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- if .Values.provisioningApi.enabled }}
# The provisioning API, after a SubjectAccessReview for the caller: server-side apply of a new
# object (the apiserver wants create besides patch) and DELETE. Its types are the Grafana-object
# kinds: GrafanaInstances are not provisioned through it.
- apiGroups: ["grafana.provisioning.dev"]
  resources:
  {{- range $plurals }}
  {{- if ne . "grafanainstances" }}
    - {{ . }}
  {{- end }}
  {{- end }}
  verbs: ["create", "delete"]
# Its idempotency records; expired ones are deleted.
- apiGroups: [""]
  resources: ["configmaps"]
  verbs: ["create", "patch", "delete"]
# Secure values, into a Secret owned by the object (server-side apply; the create it needs when
# the Secret is new is granted above, for GrafanaServiceAccount tokens).
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["patch"]
{{- end }}
{{- end }}

{{/*
Shards (values `shards`): one Deployment each. The helpers below take a shard, a dict with the
release's context as "root"; the unnamed shard (no `shards`) is named and labelled as the release.
*/}}
{{- define "gpo.shardName" -}}
{{- $fullname := include "gpo.fullname" .root }}
{{- if .name }}
{{- printf "%s-%s" $fullname .name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $fullname }}
{{- end }}
{{- end }}

{{- define "gpo.shardSelectorLabels" -}}
{{ include "gpo.selectorLabels" .root }}
{{- with .name }}
grafana.provisioning.dev/shard: {{ . }}
{{- end }}
{{- end }}

{{- define "gpo.shardLabels" -}}
{{ include "gpo.labels" .root }}
{{- with .name }}
grafana.provisioning.dev/shard: {{ . }}
{{- end }}
{{- end }}

{{/* Each shard holds a Lease of its own: the release's Lease name, then the shard's. */}}
{{- define "gpo.shardLeaseName" -}}
{{- $lease := include "gpo.leaseName" .root }}
{{- if .name }}
{{- printf "%s-%s" $lease .name }}
{{- else }}
{{- $lease }}
{{- end }}
{{- end }}

{{/* Shards that cannot run side by side fail the render, saying why. */}}
{{- define "gpo.checkShards" -}}
{{- $names := list }}
{{- range .Values.shards }}
{{- if has .name $names }}
{{- fail (printf "shards: %q is named twice; each shard's Deployment and Lease are named after it" .name) }}
{{- end }}
{{- $names = append $names .name }}
{{- if and (gt (len $.Values.shards) 1) (not .namespaces) (not .selector) }}
{{- fail (printf "shards: %q has neither namespaces nor a selector, so it would reconcile the other shards' objects too" .name) }}
{{- end }}
{{- if $.Values.watchNamespaces }}
{{- range .namespaces }}
{{- if not (has . $.Values.watchNamespaces) }}
{{- fail (printf "shards: namespace %q is not in watchNamespaces, which the operator's Roles are made for" .) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
