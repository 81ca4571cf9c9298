package io.opwb.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Executable;
import java.lang.reflect.Parameter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.ConfigMappingInterface;
import io.smallrye.config.ConfigMappings;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * The files under {@code deploy/} against the application they deploy: every manifest parses;
 * ports, probe paths and the metrics path are the application's (application.properties and
 * Quarkus's defaults); every environment variable a manifest or image sets names a
 * configuration key the application knows — found in the application itself, not in a list
 * kept here: its {@code @ConfigMapping} interfaces (SmallRye Config's mapping metadata),
 * {@code @ConfigProperty} injection points, application.properties, and the keys its sources
 * read by name — and the values load into its config mappings; the key reaches the signing
 * roles only, from a Secret; the Grafana dashboard queries only metrics the service exports.
 * <p>
 * Each check is also run on a broken manifest, to see it reject what it should.
 */
class DeployManifestsTest {

    /**
     * Quarkus's own keys that the deployment may set (the application reads them through its
     * extensions, which this test does not scan).
     */
    static final Set<String> QUARKUS_KEYS = Set.of(
            "quarkus.http.host", "quarkus.http.port",
            "quarkus.datasource.reactive.url", "quarkus.datasource.jdbc.url",
            "quarkus.datasource.username", "quarkus.datasource.password",
            "quarkus.otel.traces.exporter", "quarkus.otel.sdk.disabled", "quarkus.otel.exporter.otlp.endpoint",
            "quarkus.otel.exporter.otlp.protocol",
            "quarkus.otel.exporter.otlp.traces.endpoint", "quarkus.otel.resource.attributes",
            "quarkus.log.level", "quarkus.log.console.json");

    /** The keys of SubmissionConfig that each give the L1 signing key (exactly one must be set where the key is needed). */
    static final Set<String> KEY_SOURCES = Set.of("opwb.submission.private-key", "opwb.submission.private-key-file",
            "opwb.submission.keystore-file");

    /** What the alerts must watch, and the series that show it. */
    static final Map<String, Set<String>> ALERTED = Map.of(
            "a stuck batch", Set.of("opwb_batches"),
            "indexer lag", Set.of("opwb_indexer_lag_blocks"),
            "the signer's balance", Set.of("opwb_submitter_key_balance_wei", "opwb_submitter_balance_wei"),
            "an open RPC breaker", Set.of("ft_circuitbreaker_state_current", "ft_circuitbreaker_opened_total"),
            "finalization progress", Set.of("opwb_withdrawals"),
            "a stalled stage", Set.of("opwb_pipeline_stage_consecutive_failures"));

    /** Event streams last at least this long behind Knative (its stock maximum request timeout). */
    static final int MIN_STREAM_SECONDS = 600;
    static final int MIN_PROBE_PERIOD_SECONDS = 5;

    /** Variables of the JVM and the base images, not of the application. */
    static final Set<String> RUNTIME_ENV = Set.of("JAVA_OPTS", "JAVA_OPTS_APPEND", "JAVA_APP_JAR", "LANGUAGE");

    static final Path PROJECT = Path.of(System.getProperty("opwb.project.dir", "."));
    static final Path DEPLOY = PROJECT.resolve("deploy");
    static final Path KUBERNETES = DEPLOY.resolve("kubernetes");

    static final ObjectMapper YAML = new YAMLMapper(new YAMLFactory());
    static final ObjectMapper JSON = new ObjectMapper();

    static AppConfig app;
    /** The metrics the service exports, found where it registers them (ExportedMetrics). */
    static Map<String, ExportedMetrics.Metric> metrics;

    @BeforeAll
    static void readTheApplication() throws Exception {
        app = AppConfig.load();
        metrics = ExportedMetrics.of(PROJECT.resolve("src/main/java"));
    }

    // ---------------------------------------------------------------- the real files

    @Test
    void theApplicationsConfigurationIsFound() {
        // Guards the derivation itself: if scanning found nothing, every env check would be vacuous.
        assertTrue(app.mappings.size() >= 5, "config mappings found: " + app.mappings);
        assertTrue(app.isKnownEnv("OPWB_CHAIN_L1_RPC_URL"));
        assertTrue(app.isKnownEnv("OPWB_SUBMISSION_PRIVATE_KEY_FILE"));
        assertTrue(app.isKnownEnv("OPWB_PIPELINE_LEASE_TTL"));
        assertTrue(app.isKnownEnv("QUARKUS_DATASOURCE_REACTIVE_URL"));
        assertTrue(app.isKnownEnv("OPWB_DEVNET_ENABLED")); // read by a config source, not a mapping
        assertTrue(app.isKnownEnv("OPWB_ROLE")); // an @ConfigProperty injection point
        assertEquals(8080, app.httpPort);
        assertEquals("/q/health/live", app.livePath);
        assertEquals("/q/health/ready", app.readyPath);
    }

    @Test
    void everyManifestParses() throws IOException {
        List<Path> files = yamlFiles();
        assertTrue(files.size() >= 6, "manifests: " + files);
        for (Path file : files) {
            List<JsonNode> docs = readYaml(file);
            assertFalse(docs.isEmpty(), file + " has no document");
            for (JsonNode doc : docs) {
                assertTrue(doc.hasNonNull("apiVersion") && doc.hasNonNull("kind"), file + ": apiVersion and kind");
                if (!"Kustomization".equals(doc.path("kind").asText())) {
                    assertTrue(doc.path("metadata").hasNonNull("name"), file + ": metadata.name");
                }
            }
        }
        JsonNode kustomization = readYaml(KUBERNETES.resolve("kustomization.yaml")).get(0);
        for (JsonNode resource : kustomization.path("resources")) {
            assertTrue(Files.isRegularFile(KUBERNETES.resolve(resource.asText())), "kustomization lists " + resource);
        }
        JSON.readTree(dashboardFile().toFile()); // valid JSON
    }

    @Test
    void theWorkloadsMatchTheApplication() throws IOException {
        Cluster cluster = Cluster.read(yamlFiles());
        List<String> problems = new Checker(app, cluster).checkAll();
        assertEquals(List.of(), problems);
    }

    @Test
    void aDeploymentPerRoleAndAKnativeServiceForTheApi() throws IOException {
        Cluster cluster = Cluster.read(yamlFiles());
        Map<String, String> roles = new LinkedHashMap<>();
        for (Workload w : cluster.workloads()) {
            roles.put(w.kind + "/" + w.name, w.env(cluster).get("OPWB_ROLE"));
        }
        assertTrue(roles.entrySet().stream().anyMatch(e -> e.getKey().startsWith("Deployment/") && "api".equals(e.getValue())), roles.toString());
        assertTrue(roles.entrySet().stream().anyMatch(e -> e.getKey().startsWith("Deployment/") && "worker".equals(e.getValue())), roles.toString());
        assertTrue(roles.entrySet().stream().anyMatch(e -> e.getKey().startsWith("Service/") && "api".equals(e.getValue())), roles.toString());
        assertTrue(cluster.docs.stream().anyMatch(d -> "ServiceMonitor".equals(d.path("kind").asText())), "a ServiceMonitor");
    }

    @Test
    void theImagesListenOnAllInterfacesWithoutDevnet() throws IOException {
        for (String name : List.of("Dockerfile.jvm", "Dockerfile.jvm-aot", "Dockerfile.native")) {
            Path file = DEPLOY.resolve(name);
            assertEquals(List.of(), Checker.checkDockerfile(app, name, Files.readString(file)));
        }
    }

    @Test
    void theDashboardQueriesOnlyTheServicesMetrics() throws IOException {
        JsonNode dashboard = JSON.readTree(dashboardFile().toFile());
        assertEquals(List.of(), Checker.checkDashboard(dashboard, true));
    }

    @Test
    void everyWorkloadIsAdmittedByPodSecurityRestricted() throws IOException {
        Cluster cluster = Cluster.read(yamlFiles());
        List<String> problems = new ArrayList<>();
        int pods = 0;
        for (JsonNode doc : cluster.docs) {
            pods += RestrictedPodSecurity.podSpecs(doc).size();
            problems.addAll(RestrictedPodSecurity.check(doc));
        }
        assertTrue(pods >= 3, "pod templates found: " + pods); // api, worker, Knative
        assertEquals(List.of(), problems);
        for (Workload w : cluster.workloads()) {
            assertEquals(List.of(), Checker.checkWritableTmp(w));
        }
    }

    @Test
    void theKnativeServiceKeepsEventStreamsOpen() throws IOException {
        JsonNode knative = Cluster.read(yamlFiles()).docs.stream()
                .filter(d -> d.path("apiVersion").asText().startsWith("serving.knative.dev/")).findFirst().orElseThrow();
        assertEquals(List.of(), Checker.checkStreamTimeouts(knative));
    }

    @Test
    void theWorkerSurvivesADrain() throws IOException {
        assertEquals(List.of(), Checker.checkWorkerSpread(Cluster.read(yamlFiles())));
    }

    @Test
    void theAlertsWatchThePipelineWithMetricsTheServiceExports() throws IOException {
        assertEquals(List.of(), Checker.checkAlerts(Cluster.read(yamlFiles())));
    }

    @Test
    void theExportedMetricsAreFoundWhereTheyAreRegistered() {
        // Guards the scan: names as Micrometer's Prometheus registry writes them, with their labels.
        assertTrue(metrics.keySet().stream().filter(n -> n.startsWith("opwb_")).count() >= 18, metrics.keySet().toString());
        ExportedMetrics.Metric calls = metrics.get("opwb_rpc_calls_total");
        assertEquals(io.micrometer.core.instrument.Meter.Type.COUNTER, calls.type());
        assertTrue(calls.labels().containsAll(Set.of("chain", "method")), calls.toString()); // tagged in a helper
        ExportedMetrics.Metric latency = metrics.get("opwb_stage_latency_seconds");
        assertTrue(latency.buckets() && latency.series().contains("opwb_stage_latency_seconds_bucket"), latency.toString());
        assertFalse(latency.labels().contains("chain"), latency.toString());
        assertEquals(Set.of("chain", "status", "kind"), metrics.get("opwb_withdrawals").labels()); // MultiGauge rows
        assertEquals(Set.of("chain"), metrics.get("opwb_submission_held").labels()); // registry.gauge(name, Tags.of(...))
        assertEquals(Set.of(), metrics.get("opwb_games_root_mismatch_total").labels());
        assertTrue(metrics.containsKey("ft_circuitbreaker_state_current"), metrics.keySet().toString());
    }

    // ---------------------------------------------------------------- the checks reject mistakes

    @Test
    void aMisspelledEnvironmentVariableIsRejected() throws IOException {
        Cluster cluster = Cluster.read(yamlFiles());
        ObjectNode worker = (ObjectNode) cluster.docs.stream()
                .filter(d -> "op-withdrawal-batcher-worker".equals(d.path("metadata").path("name").asText())).findFirst().orElseThrow();
        ObjectNode env = JSON.createObjectNode().put("name", "OPWB_CHAIN_L1_RPC_ULR").put("value", "http://node");
        ((com.fasterxml.jackson.databind.node.ArrayNode) containers(worker).get(0).path("env")).add(env);
        List<String> problems = new Checker(app, cluster).checkAll();
        assertTrue(problems.stream().anyMatch(p -> p.contains("OPWB_CHAIN_L1_RPC_ULR")), problems.toString());

        assertFalse(app.isKnownEnv("QUARKUS_HTTP_PROT"));
        assertFalse(app.isKnownEnv("OPWB_PIPELINE_LEASE"));
        assertFalse(app.isKnownEnv("OPWB_SUBMISSION_PRIVATEKEY"));
        assertFalse(app.isKnownEnv("OPWB_BATCHES")); // a meter name, not a configuration key
        assertTrue(Checker.checkDockerfile(app, "bad", "FROM x\nEXPOSE 8080\nENV QUARKUS_HTTP_HOST=0.0.0.0 \\\n    OPWB_DEVNET_ENABLD=false\n")
                .stream().anyMatch(p -> p.contains("OPWB_DEVNET_ENABLD")));
    }

    @Test
    void aWrongPortProbeOrValueIsRejected() throws IOException {
        String bad = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: bad}
                spec:
                  template:
                    spec:
                      containers:
                        - name: service
                          ports: [{name: http, containerPort: 8081}]
                          env:
                            - {name: OPWB_ROLE, value: api}
                            - {name: OPWB_CHAIN_L1_RPC_URL, value: "http://l1"}
                            - {name: OPWB_CHAIN_L1_CHAIN_ID, value: "one"}
                            - {name: OPWB_CHAIN_L2_RPC_URL, value: "http://l2"}
                            - {name: OPWB_CHAIN_L2_CHAIN_ID, value: "10"}
                            - {name: OPWB_CHAIN_PORTAL_ADDRESS, value: "0x1"}
                            - {name: OPWB_CHAIN_BATCHER_ADDRESS, value: "0x2"}
                            - {name: OPWB_SUBMISSION_PRIVATE_KEY, value: "0xabc"}
                          readinessProbe: {httpGet: {path: /health/ready, port: http}}
                          livenessProbe: {httpGet: {path: /q/health/live, port: 9000}}
                """;
        Cluster cluster = new Cluster(YAML.readerFor(JsonNode.class).<JsonNode>readValues(bad).readAll());
        List<String> problems = new Checker(app, cluster).checkAll();
        String all = String.join("\n", problems);
        assertTrue(all.contains("containerPort 8081"), all);
        assertTrue(all.contains("/health/ready"), all);
        assertTrue(all.contains("port 9000"), all);
        assertTrue(all.contains("opwb.chain.l1.chain-id"), all); // "one" is not a long
        assertTrue(all.contains("api role") && all.contains("key"), all); // the api role never gets the key
        assertTrue(all.contains("images must set OPWB_DEVNET_ENABLED") || all.contains("OPWB_DEVNET_ENABLED"), all);
    }

    @Test
    void aDashboardQueryOfAnUnknownMetricIsRejected() throws IOException {
        JsonNode dashboard = JSON.readTree("""
                {"title": "x", "panels": [{"targets": [
                  {"expr": "sum by (chain, le) (rate(opwb_batch_size_bucket[5m]))"},
                  {"expr": "max by (chain) (opwb_withdrawal_count)"},
                  {"expr": "rate(opwb_withdrawals_total[5m])"},
                  {"expr": "max(ft_circuitbreaker_state_curent)"}]}]}
                """);
        List<String> problems = Checker.checkDashboard(dashboard, false);
        assertTrue(problems.stream().anyMatch(p -> p.contains("opwb_withdrawal_count")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("opwb_withdrawals_total")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("ft_circuitbreaker_state_curent")), problems.toString());
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(Checker.checkDashboard(dashboard, true).stream().anyMatch(p -> p.contains("shows none of") && p.contains("opwb_submission_held")));
    }

    @Test
    void aDashboardOrAlertSummingAcrossChainsIsRejected() {
        assertEquals(List.of(), MetricQueries.check("q", "max by (chain, status) (opwb_withdrawals)", metrics));
        assertEquals(List.of(), MetricQueries.check("q", "histogram_quantile(0.5, sum by (stage, le) (rate(opwb_stage_latency_seconds_bucket[5m])))", metrics));
        assertEquals(1, MetricQueries.check("q", "max by (status) (opwb_withdrawals)", metrics).size());
        assertEquals(1, MetricQueries.check("q", "sum(rate(opwb_rpc_calls_total[5m]))", metrics).size());
        assertEquals(2, MetricQueries.check("q", "sum by (chain) (rate(opwb_rpc_errors_total[5m])) / sum(rate(opwb_rpc_calls_total[5m])) "
                + "+ max(opwb_indexer_lag_blocks)", metrics).size());
    }

    @Test
    void aRenamedMetricLeavesTheScanAndFailsItsQueries() {
        // What the scan reads, on a registration renamed in the code: the old name is no longer exported.
        var renamed = ExportedMetrics.scan("""
                Counter.builder("opwb.rpc.requests").description("d").tag("chain", chain).register(registry).increment();
                Timer.builder("opwb.stage.delay").tag("stage", s).serviceLevelObjectives(B).register(registry);
                registry.gauge("opwb_submission_paused", Tags.of("chain", c), new AtomicInteger());
                """);
        assertEquals(List.of("opwb_rpc_requests_total", "opwb_stage_delay_seconds", "opwb_submission_paused"),
                renamed.stream().map(ExportedMetrics.Metric::name).toList());
        assertEquals(Set.of("chain"), renamed.get(0).labels());
        assertTrue(renamed.get(1).buckets());
        Map<String, ExportedMetrics.Metric> after = new java.util.TreeMap<>();
        renamed.forEach(m -> after.put(m.name(), m));
        assertEquals(1, MetricQueries.check("alert", "max by (chain) (opwb_submission_held) > 0", after).size());
        assertEquals(List.of(), MetricQueries.check("alert", "max by (chain) (opwb_submission_paused) > 0", after));
    }

    @Test
    void aWorkloadOutsidePodSecurityRestrictedIsRejected() throws IOException {
        String bad = """
                apiVersion: batch/v1
                kind: CronJob
                metadata: {name: migrate}
                spec:
                  jobTemplate:
                    spec:
                      template:
                        spec:
                          hostNetwork: true
                          securityContext: {runAsUser: 0}
                          volumes: [{name: host, hostPath: {path: /var}}]
                          initContainers:
                            - name: init
                              securityContext: {allowPrivilegeEscalation: false, runAsNonRoot: true,
                                                seccompProfile: {type: RuntimeDefault}, capabilities: {drop: [ALL]}}
                          containers:
                            - name: job
                              ports: [{containerPort: 8080, hostPort: 8080}]
                              securityContext:
                                privileged: true
                                seccompProfile: {type: Unconfined}
                                capabilities: {add: [SYS_ADMIN]}
                """;
        JsonNode doc = YAML.readTree(bad);
        String all = String.join("\n", RestrictedPodSecurity.check(doc));
        for (String control : List.of("host namespaces", "running as non-root user", "volume types", "host ports",
                "privileged containers", "privilege escalation", "running as non-root)", "seccomp", "capabilities must drop ALL",
                "adds capability SYS_ADMIN")) {
            assertTrue(all.contains(control), control + " in:\n" + all);
        }
        assertFalse(all.contains("container init:"), all); // the init container is fine
        // Without the pod-level seccomp profile the Deployments would be refused.
        ObjectNode api = (ObjectNode) Cluster.read(yamlFiles()).find("Deployment", "op-withdrawal-batcher-api").orElseThrow();
        ((ObjectNode) api.path("spec").path("template").path("spec").path("securityContext")).remove("seccompProfile");
        assertTrue(RestrictedPodSecurity.check(api).stream().anyMatch(p -> p.contains("seccompProfile unset")));
    }

    @Test
    void aStreamCuttingTimeoutAFrequentProbeOrAnUnspreadWorkerIsRejected() throws IOException {
        JsonNode knative = YAML.readTree("""
                apiVersion: serving.knative.dev/v1
                kind: Service
                metadata: {name: k}
                spec: {template: {spec: {timeoutSeconds: 60, idleTimeoutSeconds: 30, containers: [{image: x}]}}}
                """);
        String all = String.join("\n", Checker.checkStreamTimeouts(knative));
        assertTrue(all.contains("timeoutSeconds 60") && all.contains("idleTimeoutSeconds 30"), all);

        Cluster cluster = Cluster.read(yamlFiles());
        ObjectNode worker = (ObjectNode) cluster.find("Deployment", "op-withdrawal-batcher-worker").orElseThrow();
        ObjectNode readiness = (ObjectNode) containers(worker).get(0).path("readinessProbe");
        readiness.put("periodSeconds", 1);
        ((ObjectNode) worker.path("spec").path("template").path("spec")).remove("affinity");
        assertTrue(new Checker(app, cluster).checkAll().stream().anyMatch(p -> p.contains("readinessProbe every 1 s")));
        assertTrue(Checker.checkWorkerSpread(cluster).stream().anyMatch(p -> p.contains("anti-affinity")));
        List<JsonNode> withoutBudget = cluster.docs.stream().filter(d -> !"PodDisruptionBudget".equals(d.path("kind").asText())).toList();
        assertTrue(Checker.checkWorkerSpread(new Cluster(withoutBudget)).stream().anyMatch(p -> p.contains("PodDisruptionBudget")));
    }

    // ---------------------------------------------------------------- the application's configuration

    /** What the application is configured by, read from the application itself. */
    static final class AppConfig {
        final Map<String, String> properties = new LinkedHashMap<>();
        /** application.properties as written, profile prefixes included. */
        final Map<String, String> applicationProperties = new LinkedHashMap<>();
        final List<Class<?>> mappings = new ArrayList<>();
        final Map<String, ConfigMappingInterface.Property> mappingProperties = new LinkedHashMap<>();
        final Set<String> keys = new TreeSet<>();
        final Set<String> envNamesReadDirectly = new TreeSet<>();
        final List<Pattern> envPatterns = new ArrayList<>();
        int httpPort;
        String livePath;
        String readyPath;
        String metricsPath;

        static AppConfig load() throws IOException, URISyntaxException {
            AppConfig config = new AppConfig();
            Path classes = Path.of(DeployManifestsTest.class.getClassLoader().getResource("application.properties").toURI()).getParent();
            Properties props = new Properties();
            try (InputStream in = Files.newInputStream(classes.resolve("application.properties"))) {
                props.load(in);
            }
            for (String name : props.stringPropertyNames()) {
                config.applicationProperties.put(name, props.getProperty(name));
                String key = name.startsWith("%") ? name.substring(name.indexOf('.') + 1) : name;
                config.keys.add(key);
                if (!name.startsWith("%")) {
                    config.properties.put(key, props.getProperty(name));
                }
            }
            config.scanClasses(classes);
            config.scanSources(PROJECT.resolve("src/main/java"));
            config.keys.addAll(QUARKUS_KEYS);
            for (String key : config.keys) {
                config.envPatterns.add(envPattern(key));
            }

            config.httpPort = Integer.parseInt(config.properties.getOrDefault("quarkus.http.port", "8080"));
            String nonApplicationRoot = trimSlashes(config.properties.getOrDefault("quarkus.http.non-application-root-path", "q"));
            String healthRoot = trimSlashes(config.properties.getOrDefault("quarkus.smallrye-health.root-path", "health"));
            config.livePath = "/" + nonApplicationRoot + "/" + healthRoot + "/"
                    + trimSlashes(config.properties.getOrDefault("quarkus.smallrye-health.liveness-path", "live"));
            config.readyPath = "/" + nonApplicationRoot + "/" + healthRoot + "/"
                    + trimSlashes(config.properties.getOrDefault("quarkus.smallrye-health.readiness-path", "ready"));
            String metrics = config.properties.getOrDefault("quarkus.micrometer.export.prometheus.path", "metrics");
            config.metricsPath = metrics.startsWith("/") ? metrics : "/" + nonApplicationRoot + "/" + metrics;
            return config;
        }

        /** Every {@code @ConfigMapping} interface and {@code @ConfigProperty} injection point among the compiled classes. */
        private void scanClasses(Path classes) throws IOException {
            List<String> names;
            try (Stream<Path> files = Files.walk(classes)) {
                names = files.filter(p -> p.toString().endsWith(".class"))
                        .map(p -> classes.relativize(p).toString().replace('/', '.').replaceAll("\\.class$", ""))
                        .filter(n -> !n.startsWith("io.opwb.chain.contracts.")) // generated web3j wrappers
                        .sorted().toList();
            }
            ClassLoader loader = DeployManifestsTest.class.getClassLoader();
            for (String name : names) {
                Class<?> type;
                try {
                    type = Class.forName(name, false, loader);
                } catch (Throwable e) {
                    continue;
                }
                if (type.isInterface() && type.isAnnotationPresent(ConfigMapping.class)) {
                    mappings.add(type);
                    ConfigMappings.getProperties(ConfigMappings.ConfigClass.configClass(type)).forEach((key, property) -> {
                        keys.add(key);
                        mappingProperties.put(key, property);
                    });
                }
                try {
                    List<AnnotatedElement> points = new ArrayList<>(List.of(type.getDeclaredFields()));
                    List<Executable> executables = new ArrayList<>(List.of(type.getDeclaredConstructors()));
                    executables.addAll(List.of(type.getDeclaredMethods()));
                    for (Executable executable : executables) {
                        points.addAll(List.of((Parameter[]) executable.getParameters()));
                    }
                    for (AnnotatedElement point : points) {
                        ConfigProperty property = point.getAnnotation(ConfigProperty.class);
                        if (property != null && !property.name().isEmpty()) {
                            keys.add(property.name());
                        }
                    }
                } catch (Throwable e) {
                    // a class whose members cannot be resolved here injects nothing we could see
                }
            }
        }

        /**
         * Keys read by name outside the mappings (config sources, system properties, the
         * environment): the {@code opwb.} keys and {@code OPWB_} variables passed as string
         * literals to {@code getenv}, {@code getProperty}, {@code getValue},
         * {@code getOptionalValue} or a config source's {@code setting} in the application's
         * sources. (Other literals that look like keys, such as meter names, do not count.)
         */
        private void scanSources(Path sources) throws IOException {
            Pattern call = Pattern.compile("\\b(?:getenv|getProperty|getValue|getOptionalValue|setting)\\(([^)]*)\\)");
            Pattern key = Pattern.compile("\"(opwb\\.[a-z0-9.-]*[a-z0-9])\"");
            Pattern env = Pattern.compile("\"(OPWB_[A-Z0-9_]*[A-Z0-9])\"");
            try (Stream<Path> files = Files.walk(sources)) {
                for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    Matcher c = call.matcher(Files.readString(file));
                    while (c.find()) {
                        Matcher k = key.matcher(c.group(1));
                        while (k.find()) {
                            keys.add(k.group(1));
                        }
                        Matcher e = env.matcher(c.group(1));
                        while (e.find()) {
                            envNamesReadDirectly.add(e.group(1));
                        }
                    }
                }
            }
        }

        /** SmallRye Config's environment-variable form of a key: non-alphanumerics become _, upper case. */
        static Pattern envPattern(String key) {
            StringBuilder regex = new StringBuilder();
            for (String part : key.split("((?<=\\[\\*\\])|(?=\\[\\*\\])|(?<=\\*)|(?=\\*))")) {
                if (part.equals("[*]")) {
                    regex.append("(?:_[0-9]+_)?");
                } else if (part.equals("*")) {
                    regex.append("[A-Z0-9_]+");
                } else {
                    regex.append(Pattern.quote(part.replaceAll("[^A-Za-z0-9]", "_").toUpperCase()));
                }
            }
            return Pattern.compile(regex.toString());
        }

        boolean isKnownEnv(String name) {
            return envNamesReadDirectly.contains(name) || envPatterns.stream().anyMatch(p -> p.matcher(name).matches());
        }

        /** The key an environment variable sets, if it is one of the mappings' properties. */
        String mappingKey(String env) {
            for (String key : mappingProperties.keySet()) {
                if (envPattern(key).matcher(env).matches()) {
                    return key;
                }
            }
            return null;
        }

        private static String trimSlashes(String path) {
            return path.replaceAll("^/+|/+$", "");
        }
    }

    // ---------------------------------------------------------------- the manifests

    record Workload(String kind, String name, JsonNode doc, JsonNode podSpec, JsonNode container) {
        /** The container's environment: envFrom ConfigMaps first, then env (valueFrom as a placeholder). */
        Map<String, String> env(Cluster cluster) {
            Map<String, String> env = new LinkedHashMap<>();
            for (JsonNode from : container.path("envFrom")) {
                String configMap = from.path("configMapRef").path("name").asText(null);
                if (configMap != null) {
                    cluster.configMap(configMap).fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
                }
            }
            for (JsonNode e : container.path("env")) {
                env.put(e.path("name").asText(), e.has("value") ? e.path("value").asText() : null);
            }
            return env;
        }
    }

    record Cluster(List<JsonNode> docs) {
        static Cluster read(List<Path> files) throws IOException {
            List<JsonNode> docs = new ArrayList<>();
            for (Path file : files) {
                docs.addAll(readYaml(file));
            }
            return new Cluster(docs);
        }

        List<Workload> workloads() {
            List<Workload> workloads = new ArrayList<>();
            for (JsonNode doc : docs) {
                String kind = doc.path("kind").asText();
                boolean knative = kind.equals("Service") && doc.path("apiVersion").asText().startsWith("serving.knative.dev/");
                if (kind.equals("Deployment") || kind.equals("StatefulSet") || knative) {
                    JsonNode podSpec = doc.path("spec").path("template").path("spec");
                    for (JsonNode container : podSpec.path("containers")) {
                        workloads.add(new Workload(kind, doc.path("metadata").path("name").asText(), doc, podSpec, container));
                    }
                }
            }
            return workloads;
        }

        JsonNode configMap(String name) {
            return find("ConfigMap", name).map(d -> d.path("data")).orElse(JSON.createObjectNode());
        }

        java.util.Optional<JsonNode> find(String kind, String name) {
            return docs.stream().filter(d -> kind.equals(d.path("kind").asText()) && name.equals(d.path("metadata").path("name").asText())).findFirst();
        }

        Set<String> secretKeys(String name) {
            Set<String> keys = new TreeSet<>();
            find("Secret", name).ifPresent(s -> {
                s.path("stringData").fieldNames().forEachRemaining(keys::add);
                s.path("data").fieldNames().forEachRemaining(keys::add);
            });
            return keys;
        }
    }

    /** The checks, each returning what is wrong (empty: fine). */
    static final class Checker {
        private final AppConfig app;
        private final Cluster cluster;
        private final List<String> problems = new ArrayList<>();

        Checker(AppConfig app, Cluster cluster) {
            this.app = app;
            this.cluster = cluster;
        }

        List<String> checkAll() {
            for (Workload w : cluster.workloads()) {
                String where = w.kind + " " + w.name + ": ";
                Map<String, String> env = w.env(cluster);
                checkEnvNames(where, env);
                checkPorts(where, w);
                checkProbes(where, w);
                checkSecretRefs(where, w);
                checkKey(where, w, env);
                checkValues(where, w, env);
            }
            for (JsonNode doc : cluster.docs) {
                if ("ConfigMap".equals(doc.path("kind").asText())) {
                    doc.path("data").fieldNames().forEachRemaining(name -> {
                        if (!app.isKnownEnv(name)) {
                            problems.add("ConfigMap " + doc.path("metadata").path("name").asText() + ": " + name
                                    + " is no configuration key of the application");
                        }
                    });
                }
                if ("Service".equals(doc.path("kind").asText()) && doc.path("apiVersion").asText().equals("v1")) {
                    checkService(doc);
                }
                if ("ServiceMonitor".equals(doc.path("kind").asText())) {
                    checkServiceMonitor(doc);
                }
            }
            return problems;
        }

        private void checkEnvNames(String where, Map<String, String> env) {
            for (String name : env.keySet()) {
                if (!app.isKnownEnv(name)) {
                    problems.add(where + name + " is no configuration key of the application");
                }
            }
            if (!"false".equals(env.get("OPWB_DEVNET_ENABLED"))) {
                problems.add(where + "OPWB_DEVNET_ENABLED must be false in a deployment (images must set OPWB_DEVNET_ENABLED too)");
            }
        }

        private void checkPorts(String where, Workload w) {
            boolean found = false;
            for (JsonNode port : w.container.path("ports")) {
                if (port.path("containerPort").asInt() == app.httpPort) {
                    found = true;
                } else {
                    problems.add(where + "containerPort " + port.path("containerPort").asInt() + " is not quarkus.http.port " + app.httpPort);
                }
            }
            if (!found) {
                problems.add(where + "no containerPort " + app.httpPort);
            }
            String host = w.env(cluster).get("QUARKUS_HTTP_HOST");
            if (host != null && !host.equals("0.0.0.0")) {
                problems.add(where + "QUARKUS_HTTP_HOST must be 0.0.0.0");
            }
        }

        private void checkProbes(String where, Workload w) {
            Map<String, String> expected = Map.of("livenessProbe", app.livePath, "readinessProbe", app.readyPath);
            for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
                JsonNode get = w.container.path(probe).path("httpGet");
                if (get.isMissingNode()) {
                    if (!probe.equals("startupProbe")) {
                        problems.add(where + "no " + probe + " over HTTP");
                    }
                    continue;
                }
                String path = get.path("path").asText();
                String want = expected.get(probe);
                if (want != null ? !want.equals(path) : !Set.of(app.livePath, app.readyPath).contains(path)) {
                    problems.add(where + probe + " path " + path + " is not " + (want != null ? want : app.livePath));
                }
                JsonNode port = get.path("port");
                if (port.isMissingNode()) {
                    if (!w.kind.equals("Service")) { // only Knative probes its single port implicitly
                        problems.add(where + probe + " has no port");
                    }
                } else if (port.isInt() ? port.asInt() != app.httpPort : !containerPortNamed(w, port.asText())) {
                    problems.add(where + probe + " port " + port.asText() + " is not the HTTP port " + app.httpPort);
                }
                // Kubernetes' default period is 10 s; the startup probe may poll faster, only until it first answers.
                int period = w.container.path(probe).path("periodSeconds").asInt(10);
                if (!probe.equals("startupProbe") && period < MIN_PROBE_PERIOD_SECONDS) {
                    problems.add(where + probe + " every " + period + " s: a probe of a running pod more often than every "
                            + MIN_PROBE_PERIOD_SECONDS + " s costs more than it tells");
                }
            }
        }

        /** A read-only root file system, and /tmp (the JVM's hsperfdata, Vert.x's file cache) on an emptyDir. */
        static List<String> checkWritableTmp(Workload w) {
            List<String> problems = new ArrayList<>();
            String where = w.kind + " " + w.name + ": ";
            if (!w.container.path("securityContext").path("readOnlyRootFilesystem").asBoolean(false)) {
                problems.add(where + "readOnlyRootFilesystem is not true");
            }
            Set<String> emptyDirs = new TreeSet<>();
            w.podSpec.path("volumes").forEach(v -> {
                if (v.has("emptyDir")) {
                    emptyDirs.add(v.path("name").asText());
                }
            });
            boolean tmp = false;
            for (JsonNode mount : w.container.path("volumeMounts")) {
                tmp |= mount.path("mountPath").asText().equals("/tmp") && emptyDirs.contains(mount.path("name").asText());
            }
            if (!tmp) {
                problems.add(where + "no emptyDir mounted at /tmp");
            }
            return problems;
        }

        /**
         * A Knative Service serves the event streams: no timeout of its cuts one before
         * {@link #MIN_STREAM_SECONDS}, and the first byte (the stream's headers) is not waited for longer
         * than the whole request.
         */
        static List<String> checkStreamTimeouts(JsonNode knative) {
            List<String> problems = new ArrayList<>();
            JsonNode spec = knative.path("spec").path("template").path("spec");
            int timeout = spec.path("timeoutSeconds").asInt(0);
            if (timeout < MIN_STREAM_SECONDS) {
                problems.add("Knative Service: timeoutSeconds " + (timeout == 0 ? "unset (the cluster default)" : timeout)
                        + " cuts an event stream before " + MIN_STREAM_SECONDS + " s");
            }
            int idle = spec.path("idleTimeoutSeconds").asInt(0);
            if (idle != 0 && idle < MIN_STREAM_SECONDS) {
                problems.add("Knative Service: idleTimeoutSeconds " + idle + " cuts a quiet event stream before " + MIN_STREAM_SECONDS + " s");
            }
            int start = spec.path("responseStartTimeoutSeconds").asInt(0);
            if (start <= 0 || start > timeout) {
                problems.add("Knative Service: responseStartTimeoutSeconds " + start + " must be set and at most timeoutSeconds");
            }
            return problems;
        }

        /** The worker: a PodDisruptionBudget that keeps a replica through a drain, and replicas kept apart. */
        static List<String> checkWorkerSpread(Cluster cluster) {
            List<String> problems = new ArrayList<>();
            JsonNode worker = cluster.find("Deployment", "op-withdrawal-batcher-worker").orElseThrow();
            JsonNode labels = worker.path("spec").path("template").path("metadata").path("labels");
            int replicas = worker.path("spec").path("replicas").asInt(1);
            boolean budget = cluster.docs.stream().anyMatch(d -> "PodDisruptionBudget".equals(d.path("kind").asText())
                    && matches(d.path("spec").path("selector").path("matchLabels"), labels)
                    && (d.path("spec").has("maxUnavailable") ? d.path("spec").path("maxUnavailable").asInt() < replicas
                            : d.path("spec").path("minAvailable").asInt(0) >= 1));
            if (replicas < 2 || !budget) {
                problems.add("worker: needs two replicas or more and a PodDisruptionBudget that keeps one (replicas " + replicas + ")");
            }
            JsonNode antiAffinity = worker.path("spec").path("template").path("spec").path("affinity").path("podAntiAffinity");
            boolean apart = false;
            for (JsonNode term : antiAffinity.path("requiredDuringSchedulingIgnoredDuringExecution")) {
                apart |= matches(term.path("labelSelector").path("matchLabels"), labels);
            }
            for (JsonNode weighted : antiAffinity.path("preferredDuringSchedulingIgnoredDuringExecution")) {
                apart |= matches(weighted.path("podAffinityTerm").path("labelSelector").path("matchLabels"), labels);
            }
            if (!apart) {
                problems.add("worker: no pod anti-affinity that selects its own pods");
            }
            return problems;
        }

        /** Every alert queries exported metrics, per chain; and the alerts watch each thing in {@link #ALERTED}. */
        static List<String> checkAlerts(Cluster cluster) {
            List<String> problems = new ArrayList<>();
            Set<String> watched = new TreeSet<>();
            for (JsonNode doc : cluster.docs.stream().filter(d -> "PrometheusRule".equals(d.path("kind").asText())).toList()) {
                for (JsonNode group : doc.path("spec").path("groups")) {
                    for (JsonNode rule : group.path("rules")) {
                        String expr = rule.path("expr").asText();
                        problems.addAll(MetricQueries.check("alert " + rule.path("alert").asText(), expr, metrics));
                        watched.addAll(MetricQueries.series(expr));
                    }
                }
            }
            ALERTED.forEach((what, series) -> {
                if (watched.stream().noneMatch(series::contains)) {
                    problems.add("no alert watches " + what + " (" + series + ")");
                }
            });
            return problems;
        }

        private boolean containerPortNamed(Workload w, String name) {
            for (JsonNode port : w.container.path("ports")) {
                if (name.equals(port.path("name").asText()) && port.path("containerPort").asInt() == app.httpPort) {
                    return true;
                }
            }
            return false;
        }

        private void checkSecretRefs(String where, Workload w) {
            for (JsonNode e : w.container.path("env")) {
                JsonNode ref = e.path("valueFrom").path("secretKeyRef");
                if (!ref.isMissingNode() && !cluster.secretKeys(ref.path("name").asText()).contains(ref.path("key").asText())) {
                    problems.add(where + e.path("name").asText() + " reads key " + ref.path("key").asText() + " of Secret "
                            + ref.path("name").asText() + ", which secret.example.yaml does not have");
                }
            }
            for (JsonNode volume : w.podSpec.path("volumes")) {
                JsonNode secret = volume.path("secret");
                for (JsonNode item : secret.path("items")) {
                    if (!cluster.secretKeys(secret.path("secretName").asText()).contains(item.path("key").asText())) {
                        problems.add(where + "volume " + volume.path("name").asText() + " mounts key " + item.path("key").asText()
                                + " that Secret " + secret.path("secretName").asText() + " does not have");
                    }
                }
            }
        }

        /** The signing key: from a Secret, only for the roles that sign, exactly one source. */
        private void checkKey(String where, Workload w, Map<String, String> env) {
            List<String> sources = env.keySet().stream()
                    .filter(name -> KEY_SOURCES.contains(String.valueOf(app.mappingKey(name))))
                    .toList();
            String role = env.getOrDefault("OPWB_ROLE", "all");
            if (role.equals("api")) {
                if (!sources.isEmpty() || mountsSigner(w)) {
                    problems.add(where + "the api role must not get the key (" + sources + ")");
                }
                return;
            }
            if (sources.size() != 1) {
                problems.add(where + "role " + role + " needs exactly one key source, has " + sources);
                return;
            }
            String source = sources.get(0);
            JsonNode e = envEntry(w, source);
            if (e != null && e.has("value") && source.endsWith("_FILE")) {
                if (!underSecretMount(w, e.path("value").asText())) {
                    problems.add(where + source + " = " + e.path("value").asText() + " is not in a mounted Secret");
                }
            } else if (e == null || e.path("valueFrom").path("secretKeyRef").isMissingNode()) {
                problems.add(where + source + " must come from a Secret");
            }
        }

        private static JsonNode envEntry(Workload w, String name) {
            for (JsonNode e : w.container.path("env")) {
                if (name.equals(e.path("name").asText())) {
                    return e;
                }
            }
            return null;
        }

        private boolean mountsSigner(Workload w) {
            Set<String> secretVolumes = new LinkedHashSet<>();
            for (JsonNode volume : w.podSpec.path("volumes")) {
                if (volume.has("secret")) {
                    secretVolumes.add(volume.path("name").asText());
                }
            }
            for (JsonNode mount : w.container.path("volumeMounts")) {
                if (secretVolumes.contains(mount.path("name").asText())) {
                    return true;
                }
            }
            return false;
        }

        private boolean underSecretMount(Workload w, String path) {
            for (JsonNode mount : w.container.path("volumeMounts")) {
                String dir = mount.path("mountPath").asText();
                if (path.startsWith(dir.endsWith("/") ? dir : dir + "/")) {
                    for (JsonNode volume : w.podSpec.path("volumes")) {
                        if (volume.path("name").asText().equals(mount.path("name").asText()) && volume.has("secret")) {
                            String file = path.substring(dir.length()).replaceFirst("^/", "");
                            for (JsonNode item : volume.path("secret").path("items")) {
                                if (item.path("path").asText().equals(file)) {
                                    return true;
                                }
                            }
                            return !volume.path("secret").has("items")
                                    && cluster.secretKeys(volume.path("secret").path("secretName").asText()).contains(file);
                        }
                    }
                }
            }
            return false;
        }

        /**
         * The workload's settings, over application.properties (prod profile), load into the
         * application's config mappings (types, required keys), converted as the application
         * converts them; and its role is one the application accepts.
         */
        private void checkValues(String where, Workload w, Map<String, String> env) {
            Map<String, String> values = new HashMap<>();
            env.forEach((k, v) -> values.put(k, v != null ? v : placeholder(k)));
            SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder()
                    .addDefaultInterceptors()
                    .withProfile("prod")
                    .withSources(new EnvConfigSource(values, 300))
                    .withSources(new PropertiesConfigSource(app.applicationProperties, "application.properties", 250))
                    .withConverter(Duration.class, 200, new DurationConverter());
            for (Class<?> mapping : app.mappings) {
                builder.withMapping(mapping);
            }
            try {
                builder.build();
            } catch (Exception e) {
                problems.add(where + "its settings do not load into the application's configuration: " + e.getMessage());
            }
            String role = env.get("OPWB_ROLE");
            if (role != null) {
                try {
                    Class<?> roles = Class.forName("io.opwb.pipeline.ServiceRole");
                    roles.getMethod("parse", String.class).invoke(null, role);
                } catch (ClassNotFoundException e) {
                    problems.add(where + "OPWB_ROLE is set but the application has no io.opwb.pipeline.ServiceRole");
                } catch (ReflectiveOperationException e) {
                    problems.add(where + "OPWB_ROLE " + role + " is refused by the application: " + e.getCause());
                }
            }
        }

        /** A value of the right type for a setting whose value comes from a Secret or the pod. */
        private String placeholder(String env) {
            String key = app.mappingKey(env);
            if (key == null || !app.mappingProperties.get(key).isLeaf()) {
                return "1";
            }
            Class<?> type = app.mappingProperties.get(key).asLeaf().getValueRawType();
            return type == String.class || type == Path.class ? "placeholder" : "1";
        }

        private void checkService(JsonNode service) {
            String name = service.path("metadata").path("name").asText();
            JsonNode selector = service.path("spec").path("selector");
            List<Workload> selected = cluster.workloads().stream().filter(w -> w.kind.equals("Deployment")
                    && matches(selector, w.doc.path("spec").path("template").path("metadata").path("labels"))).toList();
            if (selected.isEmpty()) {
                problems.add("Service " + name + " selects no Deployment");
            }
            for (JsonNode port : service.path("spec").path("ports")) {
                JsonNode target = port.path("targetPort");
                for (Workload w : selected) {
                    if (target.isInt() ? target.asInt() != app.httpPort : !containerPortNamed(w, target.asText())) {
                        problems.add("Service " + name + ": targetPort " + target.asText() + " is not the HTTP port of " + w.name);
                    }
                }
            }
        }

        private void checkServiceMonitor(JsonNode monitor) {
            String name = monitor.path("metadata").path("name").asText();
            JsonNode selector = monitor.path("spec").path("selector").path("matchLabels");
            List<JsonNode> services = cluster.docs.stream().filter(d -> "Service".equals(d.path("kind").asText())
                    && d.path("apiVersion").asText().equals("v1") && matches(selector, d.path("metadata").path("labels"))).toList();
            if (services.isEmpty()) {
                problems.add("ServiceMonitor " + name + " selects no Service");
            }
            for (JsonNode endpoint : monitor.path("spec").path("endpoints")) {
                if (!app.metricsPath.equals(endpoint.path("path").asText())) {
                    problems.add("ServiceMonitor " + name + ": path " + endpoint.path("path").asText() + " is not " + app.metricsPath);
                }
                for (JsonNode service : services) {
                    boolean hasPort = false;
                    for (JsonNode port : service.path("spec").path("ports")) {
                        hasPort |= port.path("name").asText().equals(endpoint.path("port").asText());
                    }
                    if (!hasPort) {
                        problems.add("ServiceMonitor " + name + ": Service " + service.path("metadata").path("name").asText()
                                + " has no port " + endpoint.path("port").asText());
                    }
                }
            }
        }

        private static boolean matches(JsonNode selector, JsonNode labels) {
            if (selector.isMissingNode() || selector.size() == 0) {
                return false;
            }
            boolean[] all = {true};
            selector.fields().forEachRemaining(e -> all[0] &= e.getValue().asText().equals(labels.path(e.getKey()).asText(null)));
            return all[0];
        }

        static List<String> checkDockerfile(AppConfig app, String name, String text) {
            List<String> problems = new ArrayList<>();
            String joined = text.replaceAll("\\\\\\r?\\n", " ");
            Map<String, String> env = new LinkedHashMap<>();
            Set<Integer> exposed = new LinkedHashSet<>();
            Pattern pair = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|\\S*)");
            for (String line : joined.split("\\r?\\n")) {
                String trimmed = line.strip();
                if (trimmed.startsWith("ENV ")) {
                    Matcher m = pair.matcher(trimmed.substring(4));
                    while (m.find()) {
                        env.put(m.group(1), m.group(2).replaceAll("^\"|\"$", ""));
                    }
                } else if (trimmed.startsWith("EXPOSE ")) {
                    for (String port : trimmed.substring(7).trim().split("\\s+")) {
                        exposed.add(Integer.parseInt(port.replaceAll("/.*", "")));
                    }
                }
            }
            for (String var : env.keySet()) {
                if (!RUNTIME_ENV.contains(var) && !app.isKnownEnv(var)) {
                    problems.add(name + ": ENV " + var + " is no configuration key of the application");
                }
            }
            if (!exposed.equals(Set.of(app.httpPort))) {
                problems.add(name + ": EXPOSE " + exposed + " is not quarkus.http.port " + app.httpPort);
            }
            if (!"0.0.0.0".equals(env.get("QUARKUS_HTTP_HOST"))) {
                problems.add(name + ": the image must set QUARKUS_HTTP_HOST=0.0.0.0 (the application listens on loopback by default)");
            }
            if (!"false".equals(env.get("OPWB_DEVNET_ENABLED"))) {
                problems.add(name + ": the image must set OPWB_DEVNET_ENABLED=false");
            }
            return problems;
        }

        static List<String> checkDashboard(JsonNode dashboard, boolean requireEveryMetric) {
            List<String> problems = new ArrayList<>();
            List<String> expressions = new ArrayList<>();
            collectExpressions(dashboard, expressions);
            if (expressions.isEmpty()) {
                problems.add("the dashboard has no queries");
            }
            Set<String> shown = new TreeSet<>();
            for (String expr : expressions) {
                problems.addAll(MetricQueries.check("the dashboard", expr, metrics));
                MetricQueries.series(expr).forEach(series -> MetricQueries.metricOf(series, metrics).ifPresent(m -> shown.add(m.name())));
            }
            if (requireEveryMetric) {
                Set<String> unshown = new TreeSet<>(metrics.keySet().stream().filter(name -> name.startsWith("opwb_")).toList());
                unshown.removeAll(shown);
                if (!unshown.isEmpty()) {
                    problems.add("the dashboard shows none of " + unshown);
                }
            }
            return problems;
        }

        private static void collectExpressions(JsonNode node, List<String> out) {
            if (node.isObject()) {
                node.fields().forEachRemaining(e -> {
                    if ((e.getKey().equals("expr") || e.getKey().equals("query")) && e.getValue().isTextual()
                            && MetricQueries.SERIES.matcher(e.getValue().asText()).find()) {
                        out.add(e.getValue().asText());
                    } else {
                        collectExpressions(e.getValue(), out);
                    }
                });
            } else if (node.isArray()) {
                node.forEach(child -> collectExpressions(child, out));
            }
        }
    }

    // ---------------------------------------------------------------- files

    static List<Path> yamlFiles() throws IOException {
        try (Stream<Path> files = Files.walk(DEPLOY)) {
            return files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().collect(Collectors.toList());
        }
    }

    static Path dashboardFile() {
        return DEPLOY.resolve("grafana/op-withdrawal-batcher.json");
    }

    static List<JsonNode> readYaml(Path file) {
        try {
            return YAML.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile()).readAll().stream()
                    .filter(d -> d != null && !d.isNull() && !d.isMissingNode()).collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(file + " does not parse", e);
        }
    }

    static List<JsonNode> containers(JsonNode workload) {
        List<JsonNode> list = new ArrayList<>();
        workload.path("spec").path("template").path("spec").path("containers").forEach(list::add);
        return list;
    }
}
