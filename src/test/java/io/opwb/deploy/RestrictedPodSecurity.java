package io.opwb.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The Pod Security Standards' "restricted" profile, which includes "baseline"
 * (kubernetes.io/docs/concepts/security/pod-security-standards), written down as data and checked on
 * every pod template of a manifest, whatever its kind (Deployment, Job, CronJob, Knative Service…):
 * the profile is what a namespace labelled {@code pod-security.kubernetes.io/enforce: restricted}
 * admits. Each rule cites the control it comes from.
 */
final class RestrictedPodSecurity {

    /** Restricted, "Volume Types": only these. */
    static final Set<String> VOLUME_TYPES = Set.of("configMap", "csi", "downwardAPI", "emptyDir", "ephemeral",
            "persistentVolumeClaim", "projected", "secret");
    /** Restricted, "Capabilities": drop ALL; add at most these. */
    static final Set<String> ADDABLE_CAPABILITIES = Set.of("NET_BIND_SERVICE");
    /** Restricted, "Seccomp": one of these must be set, on the pod or on every container. */
    static final Set<String> SECCOMP_TYPES = Set.of("RuntimeDefault", "Localhost");
    /** Baseline, "Host Namespaces". */
    static final List<String> HOST_NAMESPACES = List.of("hostNetwork", "hostPID", "hostIPC");
    /** Baseline, "SELinux": allowed types (user and role must be unset). */
    static final Set<String> SELINUX_TYPES = Set.of("", "container_t", "container_init_t", "container_kvm_t",
            "container_engine_t");
    /** Baseline, "AppArmor". */
    static final Set<String> APPARMOR_TYPES = Set.of("RuntimeDefault", "Localhost");
    /** Baseline, "Sysctls": the safe set. */
    static final Set<String> SAFE_SYSCTLS = Set.of("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
            "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range",
            "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
            "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes");
    static final List<String> CONTAINER_LISTS = List.of("containers", "initContainers", "ephemeralContainers");

    private RestrictedPodSecurity() {
    }

    /** What in this manifest document the profile refuses (empty: admitted). */
    static List<String> check(JsonNode doc) {
        String name = doc.path("kind").asText() + " " + doc.path("metadata").path("name").asText() + ": ";
        List<String> problems = new ArrayList<>();
        for (JsonNode pod : podSpecs(doc)) {
            checkPod(name, pod, problems);
        }
        return problems;
    }

    /** Every pod spec in a document: any object with a containers list, wherever the kind nests it. */
    static List<JsonNode> podSpecs(JsonNode node) {
        List<JsonNode> found = new ArrayList<>();
        if (node.isObject() && node.path("containers").isArray()) {
            found.add(node);
        } else if (node.isContainerNode()) {
            node.forEach(child -> found.addAll(podSpecs(child)));
        }
        return found;
    }

    private static void checkPod(String where, JsonNode pod, List<String> problems) {
        JsonNode podContext = pod.path("securityContext");
        for (String namespace : HOST_NAMESPACES) {
            if (pod.path(namespace).asBoolean(false)) {
                problems.add(where + namespace + " (baseline: host namespaces)");
            }
        }
        for (JsonNode volume : pod.path("volumes")) {
            volume.fieldNames().forEachRemaining(field -> {
                if (!field.equals("name") && !VOLUME_TYPES.contains(field)) {
                    problems.add(where + "volume " + volume.path("name").asText() + " is a " + field + " (restricted: volume types)");
                }
            });
        }
        for (JsonNode sysctl : podContext.path("sysctls")) {
            if (!SAFE_SYSCTLS.contains(sysctl.path("name").asText())) {
                problems.add(where + "sysctl " + sysctl.path("name").asText() + " (baseline: sysctls)");
            }
        }
        checkCommonContext(where + "pod ", podContext, problems);
        for (String list : CONTAINER_LISTS) {
            for (JsonNode container : pod.path(list)) {
                checkContainer(where + "container " + container.path("name").asText() + ": ", podContext, container, problems);
            }
        }
    }

    private static void checkContainer(String where, JsonNode podContext, JsonNode container, List<String> problems) {
        JsonNode context = container.path("securityContext");
        checkCommonContext(where, context, problems);
        if (context.path("privileged").asBoolean(false)) {
            problems.add(where + "privileged (baseline: privileged containers)");
        }
        if (!context.path("procMount").asText("Default").equals("Default")) {
            problems.add(where + "procMount " + context.path("procMount").asText() + " (baseline: /proc mount type)");
        }
        for (JsonNode port : container.path("ports")) {
            if (port.path("hostPort").asInt(0) != 0) {
                problems.add(where + "hostPort " + port.path("hostPort").asInt() + " (baseline: host ports)");
            }
        }
        if (!context.path("allowPrivilegeEscalation").isBoolean() || context.path("allowPrivilegeEscalation").asBoolean()) {
            problems.add(where + "allowPrivilegeEscalation must be false (restricted: privilege escalation)");
        }
        JsonNode nonRoot = context.path("runAsNonRoot");
        if (!(nonRoot.isBoolean() ? nonRoot.asBoolean() : podContext.path("runAsNonRoot").asBoolean(false))) {
            problems.add(where + "runAsNonRoot must be true, on the container or the pod (restricted: running as non-root)");
        }
        String seccomp = context.path("seccompProfile").path("type").asText(podContext.path("seccompProfile").path("type").asText(""));
        if (!SECCOMP_TYPES.contains(seccomp)) {
            problems.add(where + "seccompProfile " + (seccomp.isEmpty() ? "unset" : seccomp) + ", must be one of " + SECCOMP_TYPES
                    + " (restricted: seccomp)");
        }
        JsonNode capabilities = context.path("capabilities");
        boolean dropsAll = false;
        for (JsonNode drop : capabilities.path("drop")) {
            dropsAll |= drop.asText().equals("ALL");
        }
        if (!dropsAll) {
            problems.add(where + "capabilities must drop ALL (restricted: capabilities)");
        }
        for (JsonNode add : capabilities.path("add")) {
            if (!ADDABLE_CAPABILITIES.contains(add.asText())) {
                problems.add(where + "adds capability " + add.asText() + " (restricted: capabilities)");
            }
        }
    }

    /** The controls a pod and a container share. */
    private static void checkCommonContext(String where, JsonNode context, List<String> problems) {
        if (context.path("windowsOptions").path("hostProcess").asBoolean(false)) {
            problems.add(where + "hostProcess (baseline: HostProcess)");
        }
        if (context.path("runAsUser").isNumber() && context.path("runAsUser").asLong() == 0) {
            problems.add(where + "runAsUser 0 (restricted: running as non-root user)");
        }
        if (context.path("runAsNonRoot").isBoolean() && !context.path("runAsNonRoot").asBoolean()) {
            problems.add(where + "runAsNonRoot false (restricted: running as non-root)");
        }
        String seccomp = context.path("seccompProfile").path("type").asText(null);
        if (seccomp != null && !SECCOMP_TYPES.contains(seccomp)) {
            problems.add(where + "seccompProfile " + seccomp + " (restricted: seccomp)");
        }
        JsonNode seLinux = context.path("seLinuxOptions");
        if (!SELINUX_TYPES.contains(seLinux.path("type").asText("")) || seLinux.has("user") || seLinux.has("role")) {
            problems.add(where + "seLinuxOptions " + seLinux + " (baseline: SELinux)");
        }
        String appArmor = context.path("appArmorProfile").path("type").asText(null);
        if (appArmor != null && !APPARMOR_TYPES.contains(appArmor)) {
            problems.add(where + "appArmorProfile " + appArmor + " (baseline: AppArmor)");
        }
    }
}
