{{/* Resource name prefix: the release name, or <release>-cascade when the release name does not say cascade. */}}
{{- define "cascade.fullname" -}}
{{- if contains "cascade" .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-cascade" .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Labels every object carries besides its name/component labels. Chaos selectors rely only on the pod
labels below, never on object names. */}}
{{- define "cascade.commonLabels" -}}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/part-of: cascade
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{/*
The fleet, as FleetLayout lays it out: a YAML list of {name, service, az, port, database}. The order is the
launcher's: zone, dns-planner, dns-enactor-az1..3, dynamo-1..N, droplets, dwfm-az1..3, network-manager, nlb,
gateway, then gameday (the supervisor locally, one more Deployment here).
*/}}
{{- define "cascade.instances" -}}
{{- $list := list -}}
{{- $azs := .Values.azs -}}
{{- range $service := list "zone" "dns-planner" "dns-enactor" "dynamo" "droplets" "dwfm" "network-manager" "nlb" "gateway" "gameday" -}}
{{- $s := index $.Values.services $service -}}
{{- if $s.zonal -}}
{{- range $i, $az := $azs -}}
{{- $list = append $list (dict "name" (printf "%s-%s" $service $az) "service" $service "az" $az "port" (add $s.port $i) "database" ($s.database | default "")) -}}
{{- end -}}
{{- else if eq $service "dynamo" -}}
{{- range $i := until (int $s.nodes) -}}
{{- $list = append $list (dict "name" (printf "dynamo-%d" (add $i 1)) "service" "dynamo" "az" (index $azs (mod $i (len $azs))) "port" $s.port "database" ($s.database | default "")) -}}
{{- end -}}
{{- else -}}
{{- $list = append $list (dict "name" $service "service" $service "az" "" "port" $s.port "database" ($s.database | default "")) -}}
{{- end -}}
{{- end -}}
{{- toYaml $list -}}
{{- end -}}

{{/* The pod labels docs/chaos.md promises (and FleetLayout.labels gives locally). Argument: an instance dict. */}}
{{- define "cascade.podLabels" -}}
app.kubernetes.io/name: cascade
app.kubernetes.io/component: {{ .service }}
cascade.io/instance: {{ .name }}
{{- if .az }}
cascade.io/az: {{ .az }}
{{- end }}
{{- end -}}

{{/* Labels of an infrastructure pod (kafka, postgres, coredns, prometheus, grafana). Argument: the component. */}}
{{- define "cascade.infraLabels" -}}
app.kubernetes.io/name: cascade-infra
app.kubernetes.io/component: {{ . }}
{{- end -}}

{{- define "cascade.secretName" -}}
{{- .Values.secrets.existingSecret | default (printf "%s-secrets" (include "cascade.fullname" .)) -}}
{{- end -}}

{{- define "cascade.image" -}}
{{- $root := index . 0 -}}{{- $service := index . 1 -}}
{{- with $root.Values.images -}}
{{- if .registry }}{{ .registry }}/{{ end }}{{ .repository }}/{{ $service }}:{{ .tag }}
{{- end -}}
{{- end -}}

{{- define "cascade.kafka" -}}
{{- printf "%s-kafka:%d" (include "cascade.fullname" .) (int .Values.kafka.port) -}}
{{- end -}}

{{/* host:port of the simulated zone's authoritative DNS server (CoreDNS), as cascade.dns.server. */}}
{{- define "cascade.dnsServer" -}}
{{- printf "%s-coredns.%s.svc:53" (include "cascade.fullname" .) .Release.Namespace -}}
{{- end -}}

{{- define "cascade.zoneApi" -}}
{{- printf "http://%s-zone:%d" (include "cascade.fullname" .) (int .Values.services.zone.port) -}}
{{- end -}}

{{/* Pod and container security: non-root, read-only root filesystem, no privileges. */}}
{{- define "cascade.podSecurity" -}}
runAsNonRoot: true
runAsUser: {{ . }}
runAsGroup: {{ . }}
fsGroup: {{ . }}
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "cascade.containerSecurity" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: [ALL]
{{- end -}}

{{/* Labels of an object that is neither a workload nor its Service (ConfigMaps, Secrets). */}}
{{- define "cascade.labels" -}}
app.kubernetes.io/name: cascade
{{ include "cascade.commonLabels" . }}
{{- end -}}
