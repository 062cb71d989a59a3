{{/* Network policy rules shared by networkpolicies.yaml. */}}

{{/* Egress to AWS APIs: HTTPS to the VPC's interface endpoints and, when allowed, to public
addresses (S3's gateway endpoint routes S3's public ranges); the Pod Identity agent in that mode. */}}
{{- define "app.awsApis" -}}
{{- $np := .Values.networkPolicy -}}
{{- if $np.awsApiCidrs }}
- to:
    {{- range $np.awsApiCidrs }}
    - ipBlock:
        cidr: {{ . }}
    {{- end }}
  ports:
    - { protocol: TCP, port: 443 }
{{- end }}
{{- if $np.publicHttps }}
- to:
    - ipBlock:
        cidr: 0.0.0.0/0
        except:
          {{- toYaml $np.privateRanges | nindent 10 }}
  ports:
    - { protocol: TCP, port: 443 }
{{- end }}
{{- if .Values.global.podIdentity }}
- to:
    - ipBlock:
        cidr: {{ $np.podIdentityAgentCidr }}
  ports:
    - { protocol: TCP, port: 80 }
{{- end }}
{{- end -}}

{{/* Ingress rules of a service: its declared callers, and the ingress gateway when it is public. */}}
{{- define "app.serviceIngress" -}}
{{- $root := .root -}}{{- $v := .root.Values -}}{{- $s := .service -}}{{- $callers := .callers -}}{{- $hbone := $v.networkPolicy.hbonePort -}}
{{- if and $s.port $callers }}
- from:
    {{- range $callers }}
    - podSelector:
        matchLabels:
          {{- include "app.selector" (dict "root" $root "name" .) | nindent 10 }}
    {{- end }}
  ports:
    - { protocol: TCP, port: {{ $s.port }} }
    - { protocol: TCP, port: {{ $hbone }} }
{{- end }}
{{- if and $s.port $s.public }}
- from:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: {{ $v.ingress.gatewayNamespace }}
      podSelector:
        matchLabels:
          {{- toYaml $v.ingress.gatewaySelector | nindent 10 }}
  ports:
    - { protocol: TCP, port: {{ $s.port }} }
    - { protocol: TCP, port: {{ $hbone }} }
{{- end }}
{{- end -}}

{{/* Egress rules of a service: whom it calls, the data services it uses, AWS APIs. */}}
{{- define "app.serviceEgress" -}}
{{- $root := .root -}}{{- $v := .root.Values -}}{{- $s := .service -}}{{- $hbone := $v.networkPolicy.hbonePort -}}
{{- range $t := ($s.talksTo | default list) }}
{{- range $target := $v.services }}{{ if and (eq $target.name $t) $target.port }}
- to:
    - podSelector:
        matchLabels:
          {{- include "app.selector" (dict "root" $root "name" $t) | nindent 10 }}
  ports:
    - { protocol: TCP, port: {{ $target.port }} }
    - { protocol: TCP, port: {{ $hbone }} }
{{- end }}{{ end }}
{{- end }}
{{- $data := dict "aurora" $v.dataServices.aurora.port "redis" $v.dataServices.redis.port "documentdb" $v.dataServices.documentdb.port }}
{{- $ports := list }}
{{- range $d := list "aurora" "redis" "documentdb" }}{{ if has $d ($s.uses | default list) }}{{ $ports = append $ports (get $data $d) }}{{ end }}{{ end }}
{{- if and $ports $v.dataServices.privateSubnetCidrs }}
- to:
    {{- range $v.dataServices.privateSubnetCidrs }}
    - ipBlock:
        cidr: {{ . }}
    {{- end }}
  ports:
    {{- range $ports }}
    - { protocol: TCP, port: {{ . }} }
    {{- end }}
{{- end }}
{{- if and (has "rabbitmq" ($s.uses | default list)) $v.rabbitmq.enabled }}
- to:
    - podSelector:
        matchLabels:
          {{- include "app.rabbitmqSelector" $root | nindent 10 }}
  ports:
    - { protocol: TCP, port: 5672 }
    - { protocol: TCP, port: {{ $hbone }} }
{{- end }}
{{- if and (has "influxdb" ($s.uses | default list)) $v.influxdb.enabled }}
- to:
    - podSelector:
        matchLabels:
          {{- include "app.selector" (dict "root" $root "name" $v.influxdb.name) | nindent 10 }}
  ports:
    - { protocol: TCP, port: 8086 }
    - { protocol: TCP, port: {{ $hbone }} }
{{- end }}
{{- include "app.awsApis" $root | nindent 0 }}
{{- end -}}
