{{/*
Names and labels. Every object carries the standard app.kubernetes.io/* labels; selectors use
the stable subset (name, instance, component) so upgrades never change an immutable selector.
*/}}

{{- define "jlp.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "jlp.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "jlp.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Name of one component's objects. Call with (dict "root" $ "name" "identity"). */}}
{{- define "jlp.componentFullname" -}}
{{- printf "%s-%s" (include "jlp.fullname" .root) .name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Selector labels. Call with (dict "root" $ "name" "identity"). */}}
{{- define "jlp.selectorLabels" -}}
app.kubernetes.io/name: {{ include "jlp.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .name }}
{{- end -}}

{{/* All labels. Call with (dict "root" $ "name" "identity"). */}}
{{- define "jlp.labels" -}}
helm.sh/chart: {{ include "jlp.chart" .root }}
{{ include "jlp.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/part-of: jlp
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
{{- end -}}

{{/* Labels matching every pod of this release (for the default-deny policy). */}}
{{- define "jlp.releaseSelector" -}}
app.kubernetes.io/name: {{ include "jlp.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/*
One component's effective settings: componentDefaults deep-merged under its services entry,
plus derived fields. Returned as YAML (use fromYaml). Call with (dict "root" $ "name" "identity").
*/}}
{{/*
The suite's components: the catalogue (files/components.yaml, a link to
libs/common/src/jlp_common/components.yaml — ADR 0006) plus the gateway, each turned into a
services entry (protocol, port, allowFrom from the catalogue's `calls`: the gateway calls
every component, every service reads identity's JWKS), with `services.<name>` of the values
merged over it. `services.<name>.enabled: false` leaves a component out. Returned as YAML.
*/}}
{{- define "jlp.services" -}}
{{- $cat := .Files.Get "files/components.yaml" | fromYaml -}}
{{- $out := dict -}}
{{- $names := keys $cat.components | sortAlpha -}}
{{- $_ := set $out "gateway" (dict "protocol" "http" "port" (($cat.gateway | default dict).port | default 8080) "exposed" true "allowFrom" list) -}}
{{- range $name := $names -}}
{{- $allow := list "gateway" -}}
{{- range $caller := $names -}}
{{- $calls := (index $cat.components $caller).calls | default list -}}
{{- if or (has $name $calls) (and (eq $name "identity") (ne $caller "identity")) -}}
{{- $allow = append $allow $caller -}}
{{- end -}}
{{- end -}}
{{- $_ := set $out $name (dict "protocol" "grpc" "port" (index $cat.components $name).port "allowFrom" $allow) -}}
{{- end -}}
{{- range $name, $override := .Values.services -}}
{{- if $override -}}
{{- $_ := set $out $name (mergeOverwrite (deepCopy (index $out $name | default dict)) (deepCopy $override)) -}}
{{- end -}}
{{- end -}}
{{- range $name, $entry := $out -}}
{{- if eq (toString (index $entry "enabled" | default true)) "false" -}}
{{- $_ := unset $out $name -}}
{{- else -}}
{{- $_ := unset $entry "enabled" -}}
{{- end -}}
{{- end -}}
{{- toYaml $out -}}
{{- end -}}

{{- define "jlp.component" -}}
{{- $svc := index (include "jlp.services" .root | fromYaml) .name -}}
{{- $c := mergeOverwrite (deepCopy .root.Values.componentDefaults) (deepCopy $svc) -}}
{{- $_ := set $c "name" .name -}}
{{- $_ := set $c "fullname" (include "jlp.componentFullname" .) -}}
{{- $_ := set $c "envName" (.name | upper | replace "-" "_") -}}
{{- $_ := set $c "module" (printf "jlp_%s" (.name | replace "-" "_")) -}}
{{- $_ := set $c "portName" (ternary "grpc" "http" (eq $c.protocol "grpc")) -}}
{{- $img := $c.image | default dict -}}
{{- $_ := set $c "imageRef" (include "jlp.imageRef" (dict
      "registry" .root.Values.image.registry
      "repository" ($img.repository | default (printf "jlp-%s" .name))
      "tag" ($img.tag | default .root.Values.image.tag | default .root.Chart.AppVersion)
      "digest" ($img.digest | default ""))) -}}
{{- $_ := set $c "pullPolicy" ($img.pullPolicy | default .root.Values.image.pullPolicy) -}}
{{- toYaml $c -}}
{{- end -}}

{{/* Sorted names of the components of the suite. */}}
{{- define "jlp.componentNames" -}}
{{- keys (include "jlp.services" . | fromYaml) | sortAlpha | toJson -}}
{{- end -}}

{{/*
Components allowed to call `target`: its allowFrom list, with "*" expanded to the whole suite.
Call with (dict "root" $ "target" "identity"). Returns a JSON list.
*/}}
{{- define "jlp.callersOf" -}}
{{- $services := include "jlp.services" .root | fromYaml -}}
{{- $allow := (index $services .target).allowFrom | default list -}}
{{- if has "*" $allow -}}
{{- without (keys $services | sortAlpha) .target | toJson -}}
{{- else -}}
{{- $allow | toJson -}}
{{- end -}}
{{- end -}}

{{/*
Components that `caller` may call (the inverse of allowFrom). Returns a JSON list.
Call with (dict "root" $ "caller" "gateway").
*/}}
{{- define "jlp.calleesOf" -}}
{{- $out := list -}}
{{- range $name := keys (include "jlp.services" .root | fromYaml) | sortAlpha -}}
{{- if has $.caller (include "jlp.callersOf" (dict "root" $.root "target" $name) | fromJsonArray) -}}
{{- $out = append $out $name -}}
{{- end -}}
{{- end -}}
{{- $out | toJson -}}
{{- end -}}

{{/*
registry/repository:tag@digest. A repository that already names a registry host (as Skaffold's
IMAGE_REPO does) is used as it is.
*/}}
{{- define "jlp.imageRef" -}}
{{- $parts := splitList "/" .repository -}}
{{- $first := first $parts -}}
{{- $hasHost := and (gt (len $parts) 1) (or (contains "." $first) (contains ":" $first) (eq $first "localhost")) -}}
{{- $repo := .repository -}}
{{- if and .registry (not $hasHost) -}}{{- $repo = printf "%s/%s" (trimSuffix "/" .registry) .repository -}}{{- end -}}
{{- $ref := $repo -}}
{{- if .tag -}}{{- $ref = printf "%s:%s" $ref .tag -}}{{- end -}}
{{- if .digest -}}{{- $ref = printf "%s@%s" $ref .digest -}}{{- end -}}
{{- $ref -}}
{{- end -}}

{{/* Image of an infrastructure image block ({repository, tag, digest}). */}}
{{- define "jlp.infraImage" -}}
{{- include "jlp.imageRef" (dict "registry" "" "repository" .repository "tag" .tag "digest" .digest) -}}
{{- end -}}

{{/* Name of the Secret every pod reads. */}}
{{- define "jlp.secretName" -}}
{{- .Values.secrets.existingSecret | default (printf "%s-secrets" (include "jlp.fullname" .)) -}}
{{- end -}}

{{- define "jlp.configMapName" -}}
{{- printf "%s-config" (include "jlp.fullname" .) -}}
{{- end -}}

{{/*
Pod Security Standards "restricted": the pod-level part. Not configurable on purpose: the policy
test (charts-tests/test_policies.py) asserts it on every pod the chart renders.
*/}}
{{- define "jlp.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.podSecurity.runAsUser }}
runAsGroup: {{ .Values.podSecurity.runAsGroup }}
fsGroup: {{ .Values.podSecurity.fsGroup }}
fsGroupChangePolicy: OnRootMismatch
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Pod Security Standards "restricted": the container-level part. */}}
{{- define "jlp.containerSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.podSecurity.runAsUser }}
runAsGroup: {{ .Values.podSecurity.runAsGroup }}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
privileged: false
capabilities:
  drop: [ALL]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/*
The pod-level settings a component's Deployment and its Jobs share: restricted securityContext,
no service-account token, no service links, pull secrets, placement, and the emptyDir on /tmp
that a read-only root filesystem needs. Call with (dict "root" $ "c" $c), $c from jlp.component.
*/}}
{{- define "jlp.componentPod" -}}
automountServiceAccountToken: false
enableServiceLinks: false
{{- with .c.priorityClassName }}
priorityClassName: {{ . }}
{{- end }}
{{- with .root.Values.imagePullSecrets }}
imagePullSecrets: {{ toYaml . | nindent 2 }}
{{- end }}
securityContext: {{- include "jlp.podSecurityContext" .root | nindent 2 }}
{{- with .c.nodeSelector }}
nodeSelector: {{ toYaml . | nindent 2 }}
{{- end }}
{{- with .c.tolerations }}
tolerations: {{ toYaml . | nindent 2 }}
{{- end }}
volumes:
  - name: tmp
    emptyDir: {sizeLimit: {{ .c.tmpSizeLimit }}}
{{- end -}}

{{/*
The container fields a component's Deployment and its Jobs share: the component's image, the
shared ConfigMap, the pod's identity for telemetry, `env` (a list of {name, value} the caller
adds, e.g. ports), the Secret keys in `secretKeys` (one secretKeyRef each, never envFrom of the
Secret), the component's own plain env, `resources`, the restricted securityContext and /tmp.
Call with (dict "root" $ "c" $c "env" list "secretKeys" list "resources" dict).
*/}}
{{- define "jlp.componentContainer" -}}
image: {{ .c.imageRef | quote }}
imagePullPolicy: {{ .c.pullPolicy }}
envFrom:
  - configMapRef:
      name: {{ include "jlp.configMapName" .root }}
env:
  - {name: POD_NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
  - {name: POD_NAMESPACE, valueFrom: {fieldRef: {fieldPath: metadata.namespace}}}
  {{- range .env }}
  - {name: {{ .name }}, value: {{ .value | toString | quote }}}
  {{- end }}
  - {name: OTEL_SERVICE_NAME, value: {{ printf "jlp-%s" .c.name | quote }}}
  - name: OTEL_RESOURCE_ATTRIBUTES
    value: "service.namespace=jlp,k8s.namespace.name=$(POD_NAMESPACE),k8s.pod.name=$(POD_NAME)"
  {{- range $key := .secretKeys }}
  - name: {{ $key }}
    valueFrom:
      secretKeyRef:
        name: {{ include "jlp.secretName" $.root }}
        key: {{ $key }}
        {{- if has $key (list "JLP_JWT_SIGNING_KEY") }}
        optional: true
        {{- end }}
  {{- end }}
  {{- range $key, $value := .c.env }}
  - {name: {{ $key }}, value: {{ $value | toString | quote }}}
  {{- end }}
resources: {{- toYaml .resources | nindent 2 }}
securityContext: {{- include "jlp.containerSecurityContext" .root | nindent 2 }}
volumeMounts:
  - {name: tmp, mountPath: /tmp}
{{- end -}}

{{/* Peers that make up "the suite": every component of the services map. */}}
{{- define "jlp.suitePeer" -}}
- podSelector:
    matchLabels:
      {{- include "jlp.releaseSelector" . | nindent 6 }}
    matchExpressions:
      - key: app.kubernetes.io/component
        operator: In
        values: {{ include "jlp.componentNames" . }}
{{- end -}}

{{/* Name of the audit-retention objects; ≤ 52 characters, the limit of a CronJob's name. */}}
{{- define "jlp.auditRetentionName" -}}
{{- include "jlp.componentFullname" (dict "root" . "name" "audit-retention") | trunc 52 | trimSuffix "-" -}}
{{- end -}}

{{/* Peer of the audit-retention job's pods (a MongoDB client besides the suite). */}}
{{- define "jlp.auditRetentionPeer" -}}
- podSelector:
    matchLabels: {{- include "jlp.selectorLabels" (dict "root" . "name" "audit-retention") | nindent 6 }}
{{- end -}}

{{/* Egress rule to cluster DNS. */}}
{{- define "jlp.dnsEgress" -}}
- to: {{- toYaml .Values.networkPolicy.dnsTo | nindent 4 }}
  ports:
    - {protocol: UDP, port: 53}
    - {protocol: TCP, port: 53}
{{- end -}}

{{/* Egress rule to NATS: the in-chart pods or the external address. */}}
{{- define "jlp.natsEgress" -}}
{{- if .Values.nats.enabled -}}
- to:
    - podSelector:
        matchLabels: {{- include "jlp.selectorLabels" (dict "root" . "name" "nats") | nindent 10 }}
  ports:
    - {protocol: TCP, port: 4222}
{{- else -}}
- ports:
    {{- range .Values.externalNats.egress.ports }}
    - {protocol: TCP, port: {{ . }}}
    {{- end }}
  {{- with .Values.externalNats.egress.to }}
  to: {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end -}}
{{- end -}}

{{/* Egress rule to MongoDB: the in-chart pods or the external address. */}}
{{- define "jlp.mongoEgress" -}}
{{- if .Values.mongodb.enabled -}}
- to:
    - podSelector:
        matchLabels: {{- include "jlp.selectorLabels" (dict "root" . "name" "mongodb") | nindent 10 }}
  ports:
    - {protocol: TCP, port: 27017}
{{- else -}}
- ports:
    {{- range .Values.externalMongodb.egress.ports }}
    - {protocol: TCP, port: {{ . }}}
    {{- end }}
  {{- with .Values.externalMongodb.egress.to }}
  to: {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end -}}
{{- end -}}

{{/*
Hard or soft anti-affinity keeping replicas of a StatefulSet on separate nodes.
Call with (dict "root" $ "name" "nats" "mode" "hard").
*/}}
{{- define "jlp.antiAffinity" -}}
podAntiAffinity:
{{- if eq .mode "hard" }}
  requiredDuringSchedulingIgnoredDuringExecution:
    - topologyKey: kubernetes.io/hostname
      labelSelector:
        matchLabels: {{- include "jlp.selectorLabels" . | nindent 10 }}
{{- else }}
  preferredDuringSchedulingIgnoredDuringExecution:
    - weight: 100
      podAffinityTerm:
        topologyKey: kubernetes.io/hostname
        labelSelector:
          matchLabels: {{- include "jlp.selectorLabels" . | nindent 12 }}
{{- end }}
{{- end -}}

{{/* The values-level consistency checks JSON schema cannot express. */}}
{{- define "jlp.validate" -}}
{{- if and (not .Values.nats.enabled) (not .Values.externalNats.url) (not .Values.secrets.existingSecret) -}}
{{- fail "nats.enabled is false: set externalNats.url (or secrets.existingSecret holding JLP_NATS_URL)" -}}
{{- end -}}
{{- if and (not .Values.mongodb.enabled) (not .Values.externalMongodb.uri) (not .Values.secrets.existingSecret) -}}
{{- fail "mongodb.enabled is false: set externalMongodb.uri (or secrets.existingSecret holding JLP_MONGO_URI)" -}}
{{- end -}}
{{- if and .Values.nats.enabled (gt (int .Values.streams.replicas) (int .Values.nats.replicas)) -}}
{{- fail (printf "streams.replicas (%v) cannot exceed nats.replicas (%v)" .Values.streams.replicas .Values.nats.replicas) -}}
{{- end -}}
{{- $services := include "jlp.services" . | fromYaml -}}
{{- range $name, $svc := $services -}}
{{- if not (and $svc.protocol $svc.port) -}}
{{- fail (printf "services.%s is not in the component catalogue: give it a protocol and a port" $name) -}}
{{- end -}}
{{- range $caller := $svc.allowFrom | default list -}}
{{- if and (ne $caller "*") (not (hasKey $services $caller)) -}}
{{- fail (printf "services.%s.allowFrom names %q, which is not in services" $name $caller) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* A secret value: the one given in values, else the live Secret's, else a generated one. */}}
{{- define "jlp.secret.pick" -}}
{{- if .given -}}{{- .given -}}{{- else if hasKey .live .key -}}{{- index .live .key | b64dec -}}{{- else -}}{{- .generated -}}{{- end -}}
{{- end -}}
