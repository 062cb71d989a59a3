{{/* Labels every object carries. */}}
{{- define "app.labels" -}}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/part-of: {{ .root.Values.global.project }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- if .name }}
app.kubernetes.io/name: {{ .name }}
{{- end }}
{{- end -}}

{{/* The labels a workload's pods are selected by. */}}
{{- define "app.selector" -}}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/name: {{ .name }}
{{- end -}}

{{/* The pods of a RabbitmqCluster (labels set by the cluster operator). */}}
{{- define "app.rabbitmqSelector" -}}
app.kubernetes.io/name: {{ .Values.rabbitmq.name }}
app.kubernetes.io/component: rabbitmq
{{- end -}}

{{/* A probe from {httpPath} or {command}. */}}
{{- define "app.probe" -}}
{{- if .probe.httpPath }}
httpGet:
  path: {{ .probe.httpPath }}
  port: http
{{- else }}
exec:
  command: {{ toJson .probe.command }}
{{- end }}
{{- end -}}

{{/* The service's own name of a secret set (one SecretProviderClass each). */}}
{{- define "app.spcName" -}}
{{ printf "%s-%s" .root.Release.Name .set }}
{{- end -}}

{{/* Platform configuration a service receives for what it uses; credentials are files, never values. */}}
{{- define "app.env" -}}
{{- $v := .root.Values -}}
{{- $s := .service -}}
- name: AWS_REGION
  value: {{ $v.global.region | quote }}
- name: APP_ENVIRONMENT
  value: {{ $v.global.environment | quote }}
- name: SECRETS_DIR
  value: /mnt/secrets
{{- $uses := $s.uses | default list }}
{{- if has "aurora" $uses }}
- name: DATABASE_HOST
  value: {{ $v.dataServices.aurora.host | quote }}
- name: DATABASE_READER_HOST
  value: {{ $v.dataServices.aurora.readerHost | quote }}
- name: DATABASE_PORT
  value: {{ $v.dataServices.aurora.port | quote }}
- name: DATABASE_NAME
  value: {{ $v.dataServices.aurora.database | quote }}
- name: DATABASE_SSLMODE
  value: verify-full
{{- end }}
{{- if has "redis" $uses }}
- name: REDIS_HOST
  value: {{ $v.dataServices.redis.host | quote }}
- name: REDIS_PORT
  value: {{ $v.dataServices.redis.port | quote }}
- name: REDIS_TLS
  value: "true"
{{- end }}
{{- if has "documentdb" $uses }}
- name: MONGODB_HOST
  value: {{ $v.dataServices.documentdb.host | quote }}
- name: MONGODB_PORT
  value: {{ $v.dataServices.documentdb.port | quote }}
- name: MONGODB_TLS
  value: "true"
{{- end }}
{{- if has "rabbitmq" $uses }}
- name: RABBITMQ_HOST
  value: {{ printf "%s.%s.svc" $v.rabbitmq.name .root.Release.Namespace | quote }}
- name: RABBITMQ_PORT
  value: "5672"
- name: RABBITMQ_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ printf "%s-default-user" $v.rabbitmq.name }}
      key: username
- name: RABBITMQ_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ printf "%s-default-user" $v.rabbitmq.name }}
      key: password
{{- end }}
{{- if has "influxdb" $uses }}
- name: INFLUXDB_URL
  value: {{ printf "http://%s.%s.svc:8086" $v.influxdb.name .root.Release.Namespace | quote }}
- name: INFLUXDB_ORG
  value: {{ $v.influxdb.organization | quote }}
- name: INFLUXDB_BUCKET
  value: {{ $v.influxdb.bucket | quote }}
{{- end }}
{{- range $k, $val := $s.env }}
- name: {{ $k }}
  value: {{ $val | quote }}
{{- end }}
{{- end -}}

{{/* The pod template of a service (Deployment or StatefulSet). */}}
{{- define "app.podTemplate" -}}
{{- $v := .root.Values -}}
{{- $s := .service -}}
{{- $root := .root -}}
{{- $writable := $s.writablePaths | default $v.defaults.writablePaths -}}
metadata:
  labels:
    {{- include "app.labels" (dict "root" $root "name" $s.name) | nindent 4 }}
spec:
  serviceAccountName: {{ $s.serviceAccount }}
  # IRSA and Pod Identity inject their own projected tokens; nothing else needs the API token.
  automountServiceAccountToken: false
  enableServiceLinks: false
  terminationGracePeriodSeconds: {{ $v.defaults.terminationGracePeriodSeconds }}
  securityContext:
    {{- toYaml (merge (deepCopy ($s.podSecurityContext | default dict)) $v.defaults.podSecurityContext) | nindent 4 }}
  topologySpreadConstraints:
    - maxSkew: 1
      topologyKey: topology.kubernetes.io/zone
      whenUnsatisfiable: {{ $v.defaults.topologySpread.zone }}
      labelSelector:
        matchLabels:
          {{- include "app.selector" (dict "root" $root "name" $s.name) | nindent 10 }}
    - maxSkew: 1
      topologyKey: kubernetes.io/hostname
      whenUnsatisfiable: {{ $v.defaults.topologySpread.node }}
      labelSelector:
        matchLabels:
          {{- include "app.selector" (dict "root" $root "name" $s.name) | nindent 10 }}
  containers:
    - name: {{ $s.name }}
      image: {{ $s.image | quote }}
      imagePullPolicy: {{ $v.global.imagePullPolicy }}
      {{- with $s.command }}
      command: {{ toJson . }}
      {{- end }}
      {{- with $s.args }}
      args: {{ toJson . }}
      {{- end }}
      {{- if $s.port }}
      ports:
        - name: http
          containerPort: {{ $s.port }}
          protocol: TCP
      {{- end }}
      env:
        {{- include "app.env" (dict "root" $root "service" $s) | nindent 8 }}
      resources:
        {{- toYaml $s.resources | nindent 8 }}
      securityContext:
        {{- toYaml (merge (deepCopy ($s.containerSecurityContext | default dict)) $v.defaults.containerSecurityContext) | nindent 8 }}
      startupProbe:
        {{- include "app.probe" (dict "probe" ($s.probes.startup | default $s.probes.liveness)) | nindent 8 }}
        periodSeconds: 5
        failureThreshold: 60
      livenessProbe:
        {{- include "app.probe" (dict "probe" $s.probes.liveness) | nindent 8 }}
        periodSeconds: 10
        timeoutSeconds: 3
        failureThreshold: 3
      readinessProbe:
        {{- include "app.probe" (dict "probe" $s.probes.readiness) | nindent 8 }}
        periodSeconds: 5
        timeoutSeconds: 3
        failureThreshold: 3
      volumeMounts:
        {{- range $i, $p := $writable }}
        - name: {{ printf "writable-%d" $i }}
          mountPath: {{ $p }}
        {{- end }}
        {{- range $s.secretSets }}
        - name: {{ printf "secrets-%s" . }}
          mountPath: {{ printf "/mnt/secrets/%s" . }}
          readOnly: true
        {{- end }}
        {{- with $s.persistence }}
        - name: data
          mountPath: {{ .mountPath }}
        {{- end }}
  volumes:
    {{- range $i, $p := $writable }}
    - name: {{ printf "writable-%d" $i }}
      emptyDir:
        sizeLimit: 256Mi
    {{- end }}
    {{- range $s.secretSets }}
    - name: {{ printf "secrets-%s" . }}
      csi:
        driver: secrets-store.csi.k8s.io
        readOnly: true
        volumeAttributes:
          secretProviderClass: {{ include "app.spcName" (dict "root" $root "set" .) }}
    {{- end }}
{{- end -}}
