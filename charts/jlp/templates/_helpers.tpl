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
{{- $gw := $cat.gateway | default dict -}}
{{- $_ := set $out "gateway" (dict "protocol" "http" "port" ($gw.port | default 8080) "exposed" true "allowFrom" list "catalogueSecrets" list "consumes" ($gw.consumes | default list)) -}}
{{- range $name := $names -}}
{{- $allow := list "gateway" -}}
{{- range $caller := $names -}}
{{- $calls := (index $cat.components $caller).calls | default list -}}
{{- if or (has $name $calls) (and (eq $name "identity") (ne $caller "identity")) -}}
{{- $allow = append $allow $caller -}}
{{- end -}}
{{- end -}}
{{- $entry := index $cat.components $name -}}
{{- $_ := set $out $name (dict "protocol" "grpc" "port" $entry.port "allowFrom" $allow
      "events" $entry.events "catalogueSecrets" ($entry.secrets | default list)
      "consumes" ($entry.consumes | default list)) -}}
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

{{/*
Secret variables of one component and the Secret key each comes from, as a JSON list of
{name, key}: `secretEnv` (services: JLP_MONGO_URI, JLP_NATS_URL, JLP_PAGE_TOKEN_KEY; the
gateway: none), then the catalogue's `secrets` of the component (JLP_PII_KEY where personal
data is stored: a new service declares it there, ADR 0111), then `extraSecretEnv` of the values.
The database URI and the NATS URL carry the component's own credentials, so they come from its
own keys (JLP_MONGO_URI_<NAME>, JLP_NATS_URL_<NAME>). Call with the $c of jlp.component.
*/}}
{{- define "jlp.secretRefs" -}}
{{- $out := list -}}
{{- range $var := concat (.secretEnv | default list) (.catalogueSecrets | default list) (.extraSecretEnv | default list) | uniq -}}
{{- $key := ternary (printf "%s_%s" $var $.envName) $var (has $var (list "JLP_MONGO_URI" "JLP_NATS_URL")) -}}
{{- $out = append $out (dict "name" $var "key" $key) -}}
{{- end -}}
{{- $out | toJson -}}
{{- end -}}

{{/*
Which components hold their own MongoDB and NATS credentials (those given JLP_MONGO_URI /
JLP_NATS_URL), as JSON {"mongo": [names], "nats": [names]}, names sorted.
*/}}
{{- define "jlp.credentialHolders" -}}
{{- $mongo := list -}}
{{- $nats := list -}}
{{- range $name := keys (include "jlp.services" . | fromYaml) | sortAlpha -}}
{{- $c := include "jlp.component" (dict "root" $ "name" $name) | fromYaml -}}
{{- range $ref := include "jlp.secretRefs" $c | fromJsonArray -}}
{{- if eq $ref.name "JLP_MONGO_URI" }}{{ $mongo = append $mongo $name }}{{ end -}}
{{- if eq $ref.name "JLP_NATS_URL" }}{{ $nats = append $nats $name }}{{ end -}}
{{- end -}}
{{- end -}}
{{- dict "mongo" $mongo "nats" $nats | toJson -}}
{{- end -}}

{{/* A component's MongoDB user and database: both jlp_<name> (jlp_common.db.database_name). */}}
{{- define "jlp.mongoUser" -}}
{{- printf "jlp_%s" (. | replace "-" "_") -}}
{{- end -}}

{{/* Upper-case suffix of a component's per-component keys: grid-event → GRID_EVENT. */}}
{{- define "jlp.envName" -}}
{{- . | upper | replace "-" "_" -}}
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
  {{- if .root.Values.tls.enabled }}
  - name: tls
    secret:
      secretName: {{ include "jlp.tlsSecretName" (dict "root" .root "name" .c.name) }}
      defaultMode: 0440
      {{- with .tlsItems }}
      items:
        {{- range . }}
        - {key: {{ . }}, path: {{ . }}}
        {{- end }}
      {{- end }}
  {{- end }}
{{- end -}}

{{/*
The container fields a component's Deployment and its Jobs share: the component's image, the
shared ConfigMap, the pod's identity for telemetry, `env` (a list of {name, value} the caller
adds, e.g. ports), the Secret keys in `secretRefs` ({name, key} each, from jlp.secretRefs: one
secretKeyRef each, never envFrom of the Secret), the component's own plain env, `resources`,
the restricted securityContext and /tmp.
Call with (dict "root" $ "c" $c "env" list "secretRefs" list "resources" dict).
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
  {{- $rules := include "jlp.secretRules" .root | fromJson }}
  {{- range $ref := .secretRefs }}
  - name: {{ $ref.name }}
    valueFrom:
      secretKeyRef:
        name: {{ include "jlp.secretName" $.root }}
        key: {{ $ref.key }}
        {{- /* a key the chart writes only when given (a pinned JWT signing key) may be absent */}}
        {{- if eq (index $rules $ref.key | default dict).generate "none" }}
        optional: true
        {{- end }}
  {{- end }}
  {{- if and .root.Values.tls.enabled (not .tlsCaOnly) }}
  {{- /* mutual TLS for gRPC, as server and as client (jlp_common.config.TlsFiles) */}}
  - {name: JLP_TLS_CERT_FILE, value: {{ printf "%s/tls.crt" (include "jlp.tlsDir" .) | quote }}}
  - {name: JLP_TLS_KEY_FILE, value: {{ printf "%s/tls.key" (include "jlp.tlsDir" .) | quote }}}
  - {name: JLP_TLS_CA_FILE, value: {{ printf "%s/ca.crt" (include "jlp.tlsDir" .) | quote }}}
  {{- end }}
  {{- $natsClient := false }}
  {{- range .secretRefs }}{{ if eq .name "JLP_NATS_URL" }}{{ $natsClient = true }}{{ end }}{{ end }}
  {{- if and .root.Values.tls.enabled $natsClient }}
  {{- /* nats-py verifies a tls:// server against Python's default trust store */}}
  - {name: SSL_CERT_FILE, value: {{ printf "%s/ca.crt" (include "jlp.tlsDir" .) | quote }}}
  {{- end }}
  {{- range $key, $value := .c.env }}
  - {name: {{ $key }}, value: {{ $value | toString | quote }}}
  {{- end }}
resources: {{- toYaml .resources | nindent 2 }}
securityContext: {{- include "jlp.containerSecurityContext" .root | nindent 2 }}
volumeMounts:
  - {name: tmp, mountPath: /tmp}
  {{- if .root.Values.tls.enabled }}
  - {name: tls, mountPath: {{ include "jlp.tlsDir" . }}, readOnly: true}
  {{- end }}
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
{{- $holders := include "jlp.credentialHolders" . | fromJson -}}
{{- if not .Values.secrets.existingSecret -}}
{{- range $name := $holders.nats -}}
{{- if and (not $.Values.nats.enabled) (not (index ($.Values.externalNats.urls | default dict) $name)) -}}
{{- fail (printf "nats.enabled is false: set externalNats.urls.%s (its own NATS user; or secrets.existingSecret holding JLP_NATS_URL_%s)" $name (include "jlp.envName" $name)) -}}
{{- end -}}
{{- end -}}
{{- range $name := $holders.mongo -}}
{{- if and (not $.Values.mongodb.enabled) (not (index ($.Values.externalMongodb.uris | default dict) $name)) -}}
{{- fail (printf "mongodb.enabled is false: set externalMongodb.uris.%s (its own user on its own database; or secrets.existingSecret holding JLP_MONGO_URI_%s)" $name (include "jlp.envName" $name)) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- $made := include "jlp.secretKeys" . | fromYaml -}}
{{- range $name, $svc := include "jlp.services" . | fromYaml -}}
{{- range $var := $svc.catalogueSecrets | default list -}}
{{- if not (hasKey $made $var) -}}
{{- fail (printf "the catalogue gives %s the secret %s, which the chart's Secret does not hold: the chart does not know how to make it (add a rule to jlp.secretRules in charts/jlp/templates/_helpers.tpl, and the variable to docs/deploy.md)" $name $var) -}}
{{- end -}}
{{- end -}}
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

{{/*
How the chart makes each secret variable it knows, as JSON {var: {given, generate}}: `given`
is the `secrets.<given>` value that sets it (absent: generated only); `generate` what a fresh
one is — bytes32 (32 random bytes, base64), qrKeys (one tourism ticket-signing key
"tk-1:<bytes32>"), password (24 letters and digits), totp (a base32 TOTP seed), none (only
when given or already in the live Secret: the pinned JWT signing key, which pods read
optionally). Each component's audit anchor key, JLP_<NAME>_AUDIT_ANCHOR_KEY
(jlp_common.audit_anchor.key_variable), is bytes32. There is no default: the chart cannot
make up a key it does not know (a payment provider's key is the provider's, not random).
*/}}
{{- define "jlp.secretRules" -}}
{{- $rules := dict
      "JLP_PAGE_TOKEN_KEY" (dict "given" "pageTokenKey" "generate" "bytes32")
      "JLP_PII_KEY" (dict "given" "piiKey" "generate" "bytes32")
      "JLP_IDENTITY_KEK" (dict "given" "identityKek" "generate" "bytes32")
      "JLP_JWT_SIGNING_KEY" (dict "given" "jwtSigningKey" "generate" "none")
      "JLP_VIDEO_INDEX_PLAY_TOKEN_KEY" (dict "given" "videoPlayTokenKey" "generate" "bytes32")
      "JLP_TOURISM_QR_KEYS" (dict "given" "tourismQrKeys" "generate" "qrKeys")
      "JLP_BOOTSTRAP_ADMIN_PASSWORD" (dict "given" "bootstrapAdminPassword" "generate" "password")
      "JLP_BOOTSTRAP_ADMIN_TOTP_SECRET" (dict "given" "bootstrapAdminTotpSecret" "generate" "totp") -}}
{{- range $name := keys (.Files.Get "files/components.yaml" | fromYaml).components -}}
{{- $_ := set $rules (printf "JLP_%s_AUDIT_ANCHOR_KEY" (include "jlp.envName" $name)) (dict "generate" "bytes32") -}}
{{- end -}}
{{- $rules | toJson -}}
{{- end -}}

{{/*
The variables the chart's Secret holds under their own name, each with its rule (YAML {var:
{given, generate}}): `componentDefaults.secretEnv` but the per-component database URI and NATS
URL (that is, JLP_PAGE_TOKEN_KEY), and the catalogue's `secrets` of every component — enabled
or not: a key left out while its service is off would come back regenerated, and what it
encrypted or signed unreadable. A catalogue secret without a rule (jlp.secretRules) is left
out here and stops the render in jlp.validate.
*/}}
{{- define "jlp.secretKeys" -}}
{{- $cat := .Files.Get "files/components.yaml" | fromYaml -}}
{{- $rules := include "jlp.secretRules" . | fromJson -}}
{{- $vars := without (.Values.componentDefaults.secretEnv | default list) "JLP_MONGO_URI" "JLP_NATS_URL" -}}
{{- range $entry := values $cat.components -}}
{{- $vars = concat $vars ($entry.secrets | default list) -}}
{{- end -}}
{{- $out := dict -}}
{{- range $var := $vars | uniq -}}
{{- if hasKey $rules $var -}}{{- $_ := set $out $var (index $rules $var) -}}{{- end -}}
{{- end -}}
{{- toYaml $out -}}
{{- end -}}

{{/*
One secret variable's value, by its rule (jlp.secretKeys): the one given in values, else the
live Secret's, else a fresh one; empty for a `none` rule with neither.
Call with (dict "root" $ "live" $live "var" $var "rule" $rule).
*/}}
{{- define "jlp.secret.make" -}}
{{- $fresh := "" -}}
{{- if eq .rule.generate "bytes32" -}}{{- $fresh = randBytes 32 -}}
{{- else if eq .rule.generate "qrKeys" -}}{{- $fresh = printf "tk-1:%s" (randBytes 32) -}}
{{- else if eq .rule.generate "password" -}}{{- $fresh = randAlphaNum 24 -}}
{{- else if eq .rule.generate "totp" -}}{{- $fresh = randAlphaNum 20 | b32enc -}}
{{- end -}}
{{- $given := "" -}}
{{- with .rule.given -}}{{- $given = index $.root.Values.secrets . | default "" -}}{{- end -}}
{{- include "jlp.secret.pick" (dict "given" $given "live" .live "key" .var "generated" $fresh) -}}
{{- end -}}

{{/* A secret value: the one given in values, else the live Secret's, else a generated one. */}}
{{- define "jlp.secret.pick" -}}
{{- if .given -}}{{- .given -}}{{- else if hasKey .live .key -}}{{- index .live .key | b64dec -}}{{- else -}}{{- .generated -}}{{- end -}}
{{- end -}}

{{/*
The `users` of nats.conf's authorization block: one per component given JLP_NATS_URL, with the
least the code needs (jlp_common.events; ADR 0111). For a service of domain d consuming streams
S: publish its events `jlp.d.>`; JetStream API requests to look up, create and reconcile its
own stream; if it consumes, publish dead letters `jlp.deadletter.>` and manage JLP_DEADLETTER
(consumers park poison messages there), and for each consumed stream, look it up or create it
if it is missing (not reconcile it), create/look up/pull from consumers on it,
acknowledge its messages and read one back by sequence (dead-lettering after max deliveries);
subscribe to reply inboxes and the max-deliveries advisories of consumed streams. No stream
deletion, purge or other account-wide API. The gateway: read-only on the streams of its
catalogue entry's `consumes` (its own ephemeral consumers, flow control; no event published).
*/}}
{{- define "jlp.natsUsers" -}}
{{- $services := include "jlp.services" . | fromYaml -}}
users: [
{{- range $name := (include "jlp.credentialHolders" . | fromJson).nats }}
{{- $svc := index $services $name }}
{{- $pub := list }}
{{- $sub := list }}
{{- if eq $svc.protocol "grpc" }}
{{- $streams := list }}
{{- /* a component outside the catalogue has no event domain: it publishes no events */}}
{{- with $svc.events }}
{{- $pub = append $pub (printf "jlp.%s.>" .) }}
{{- $streams = append $streams (printf "JLP_%s" (. | upper)) }}
{{- end }}
{{- if $svc.consumes }}
{{- /* only consumers park poison messages (jlp_common.events.deadletter) */}}
{{- $pub = append $pub "jlp.deadletter.>" }}
{{- $streams = append $streams "JLP_DEADLETTER" }}
{{- end }}
{{- range $stream := $streams }}
{{- range $op := list "INFO" "CREATE" "UPDATE" }}
{{- $pub = append $pub (printf "$JS.API.STREAM.%s.%s" $op $stream) }}
{{- end }}
{{- end }}
{{- $sub = append $sub "_INBOX.>" }}
{{- range $domain := $svc.consumes | default list }}
{{- $stream := printf "JLP_%s" ($domain | upper) }}
{{- /* CREATE: a consumer starting before the producer creates the stream with the same
     spec (jlp_common.events.streams); never UPDATE: only the owner changes its stream. */}}
{{- $pub = concat $pub (list
      (printf "$JS.API.STREAM.INFO.%s" $stream)
      (printf "$JS.API.STREAM.CREATE.%s" $stream)
      (printf "$JS.API.STREAM.MSG.GET.%s" $stream)
      (printf "$JS.API.CONSUMER.CREATE.%s.>" $stream)
      (printf "$JS.API.CONSUMER.DURABLE.CREATE.%s.*" $stream)
      (printf "$JS.API.CONSUMER.INFO.%s.*" $stream)
      (printf "$JS.API.CONSUMER.MSG.NEXT.%s.*" $stream)
      (printf "$JS.ACK.%s.>" $stream)) }}
{{- $sub = append $sub (printf "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.%s.*" $stream) }}
{{- end }}
{{- else }}
{{- /* The gateway's live stream (ADR 0110): one ordered ephemeral push consumer per connection
     on each stream it reads — look the stream up, create and drop its own ephemeral consumers,
     answer flow control; deliveries come to its inboxes. It publishes no event. */}}
{{- if $svc.consumes }}{{ $sub = append $sub "_INBOX.>" }}{{ end }}
{{- range $domain := $svc.consumes | default list }}
{{- $stream := printf "JLP_%s" ($domain | upper) }}
{{- $pub = concat $pub (list
      (printf "$JS.API.STREAM.INFO.%s" $stream)
      (printf "$JS.API.CONSUMER.CREATE.%s" $stream)
      (printf "$JS.API.CONSUMER.CREATE.%s.>" $stream)
      (printf "$JS.API.CONSUMER.DELETE.%s.*" $stream)
      (printf "$JS.FC.%s.>" $stream)) }}
{{- end }}
{{- end }}
{{- $pub = uniq $pub }}
  {
    user: {{ $name | quote }}
    password: $NATS_PASSWORD_{{ include "jlp.envName" $name }}
    permissions: {
      publish: {
        {{- if $pub }}
        allow: [{{ range $i, $s := $pub }}{{ if $i }}, {{ end }}{{ $s | quote }}{{ end }}]
        {{- else }}
        deny: [">"]
        {{- end }}
      }
      subscribe: {
        {{- if $sub }}
        allow: [{{ range $i, $s := $sub }}{{ if $i }}, {{ end }}{{ $s | quote }}{{ end }}]
        {{- else }}
        deny: [">"]
        {{- end }}
      }
    }
  }
{{- end }}
  {
    # Operators (backups, dead-letter inspection from a nats-box pod): every right, in no pod's
    # environment; NATS_ADMIN_URL in the Secret.
    user: "jlp-admin"
    password: $NATS_ADMIN_PASSWORD
  }
]
{{- end -}}

{{/*
Name of the kubernetes.io/tls Secret (tls.crt, tls.key, ca.crt) of a certificate owner: a
component, "nats" or "mongodb". Call with (dict "root" $ "name" "identity").
*/}}
{{- define "jlp.tlsSecretName" -}}
{{- index (.root.Values.tls.secretNames | default dict) .name | default (printf "%s-%s-tls" (include "jlp.fullname" .root) .name | trunc 63 | trimSuffix "-") -}}
{{- end -}}

{{/* Where a component's pods find their certificate, key and the CA. */}}
{{- define "jlp.tlsDir" -}}/etc/jlp/tls{{- end -}}
