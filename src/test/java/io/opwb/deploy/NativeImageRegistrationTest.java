package io.opwb.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What a native executable needs registered, against what the build registers (no native-image builder
 * runs on this project's machines, so this is as far as the native build is checked here): web3j's
 * classes that Jackson and the ABI decoder reach by reflection, the generated contract wrappers, the
 * service's own JSON-RPC response classes, and the classpath resources it reads itself. A package that
 * gains a class, a new wrapper or a new resource fails here until it is registered.
 */
class NativeImageRegistrationTest {

    /**
     * web3j's packages used by reflection at run time: JSON-RPC answers (read by Jackson), request
     * objects (written by Jackson), their deserializers, and the ABI types the decoder constructs.
     */
    static final List<String> WEB3J_PACKAGES = List.of("org.web3j.protocol.core.methods.response",
            "org.web3j.protocol.core.methods.request", "org.web3j.protocol.deserializer", "org.web3j.abi.datatypes",
            "org.web3j.abi.datatypes.generated", "org.web3j.abi.datatypes.primitive", "org.web3j.abi.datatypes.ens",
            "org.web3j.abi.datatypes.reflection");
    /** The JSON-RPC envelope. */
    static final List<String> WEB3J_CLASSES = List.of("org.web3j.protocol.core.Request", "org.web3j.protocol.core.Response");
    static final String WRAPPERS = "io.opwb.chain.contracts";
    /** Resources that Quarkus puts in the executable itself (configuration, migrations, static files, services). */
    static final List<String> ADDED_BY_QUARKUS = List.of("application.properties", "META-INF/**", "db/migration/**");

    @Test
    void web3jsReflectionIsRegistered() throws Exception {
        Set<String> expected = new TreeSet<>(WEB3J_CLASSES);
        for (String pkg : WEB3J_PACKAGES) {
            expected.addAll(topLevelClasses(pkg));
        }
        expected.addAll(ownResponseClasses());
        assertTrue(expected.contains("org.web3j.abi.datatypes.generated.Uint256") && expected.contains("org.web3j.protocol.core.methods.response.EthBlock")
                && expected.contains("io.opwb.chain.ChainClients$AccessListGas"), "the scan finds the classes: " + expected.size());
        assertRegistered("io.opwb.chain.Web3jReflection", expected);
    }

    @Test
    void everyContractWrapperIsRegistered() throws Exception {
        Set<String> wrappers = topLevelClasses(WRAPPERS);
        assertTrue(wrappers.contains(WRAPPERS + ".OptimismPortal2") && wrappers.size() >= 20, wrappers.toString());
        assertRegistered("io.opwb.chain.ContractWrapperReflection", wrappers);
    }

    @Test
    void theResourcesTheServiceReadsAreInTheExecutable() throws Exception {
        Path classes = classesDir();
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(classes.resolve("application.properties"))) {
            props.load(in);
        }
        List<PathMatcher> included = globs(props.getProperty("quarkus.native.resources.includes", ""));
        List<PathMatcher> byQuarkus = globs(String.join(",", ADDED_BY_QUARKUS));
        List<String> missing = new ArrayList<>();
        List<String> resources;
        try (Stream<Path> files = Files.walk(classes)) {
            resources = files.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith(".class"))
                    .map(p -> classes.relativize(p).toString().replace('\\', '/')).sorted().toList();
        }
        for (String resource : resources) {
            if (!matches(byQuarkus, resource) && !matches(included, resource)) {
                missing.add(resource);
            }
        }
        assertTrue(resources.contains("chain-presets.properties") && resources.contains("contracts/WithdrawalBatcher.runtime.json"),
                resources.toString());
        assertEquals(List.of(), missing, "resources on the class path that quarkus.native.resources.includes leaves out");
        // Every resource the code names is on the class path (and so checked above).
        Pattern read = Pattern.compile("getResource(?:AsStream)?\\(\"/?([^\"]+)\"\\)");
        try (Stream<Path> sources = Files.walk(DeployManifestsTest.PROJECT.resolve("src/main/java"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = read.matcher(Files.readString(source));
                while (m.find()) {
                    assertTrue(resources.contains(m.group(1)), source + " reads " + m.group(1) + ", which is not on the class path");
                }
            }
        }
        assertFalse(matches(included, "contracts/WithdrawalBatcher.abi"));
    }

    @Test
    void dashNativeSelectsTheNativeProfile() throws IOException {
        String pom = Files.readString(DeployManifestsTest.PROJECT.resolve("pom.xml"));
        Matcher profile = Pattern.compile("<profile>(?:(?!</profile>).)*<id>native</id>((?:(?!</profile>).)*)</profile>", Pattern.DOTALL)
                .matcher(pom);
        assertTrue(profile.find(), "a native profile");
        String body = profile.group(1);
        assertTrue(body.contains("<activation><property><name>native</name></property></activation>"), body);
        assertTrue(body.contains("<quarkus.native.enabled>true</quarkus.native.enabled>"), body);
    }

    private static void assertRegistered(String holder, Set<String> expected) throws ClassNotFoundException {
        RegisterForReflection registration = Class.forName(holder).getAnnotation(RegisterForReflection.class);
        assertFalse(registration.ignoreNested(), "nested classes (response data, structs) must be registered too");
        Set<String> registered = new TreeSet<>(List.of(registration.classNames()));
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(registered);
        Set<String> extra = new TreeSet<>(registered);
        extra.removeAll(expected);
        assertEquals(Set.of(), missing, holder + " lacks (add these lines):\n"
                + missing.stream().map(n -> "        \"" + n + "\",").collect(Collectors.joining("\n")));
        assertEquals(Set.of(), extra, holder + " registers classes that are gone: " + extra);
    }

    /** The top-level classes of a package, from the class path (jar or directory). */
    static Set<String> topLevelClasses(String pkg) throws IOException, URISyntaxException {
        String dir = pkg.replace('.', '/') + "/";
        Set<String> names = new TreeSet<>();
        for (URL url : Collections.list(NativeImageRegistrationTest.class.getClassLoader().getResources(dir))) {
            List<String> entries = new ArrayList<>();
            if (url.getProtocol().equals("jar")) {
                JarURLConnection connection = (JarURLConnection) url.openConnection();
                connection.setUseCaches(false); // a JarFile of our own, closed here
                try (JarFile jar = connection.getJarFile()) {
                    jar.stream().forEach(e -> entries.add(e.getName()));
                }
            } else {
                try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
                    files.forEach(f -> entries.add(dir + f.getFileName()));
                }
            }
            for (String entry : entries) {
                String rest = entry.startsWith(dir) ? entry.substring(dir.length()) : "";
                if (rest.endsWith(".class") && !rest.contains("/") && !rest.contains("$") && !rest.equals("package-info.class")) {
                    names.add(pkg + "." + rest.substring(0, rest.length() - ".class".length()));
                }
            }
        }
        return names;
    }

    /**
     * The service's classes that Jackson reads JSON-RPC answers into (web3j Response subclasses), of
     * src/main only: the dev machinery (src/dev) is not in the production build.
     */
    static Set<String> ownResponseClasses() throws Exception {
        Path classes = classesDir();
        Class<?> response = Class.forName("org.web3j.protocol.core.Response");
        Set<String> found = new TreeSet<>();
        try (Stream<Path> files = Files.walk(classes.resolve("io/opwb"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                String source = name.replaceAll("\\$.*", "").replace('.', '/') + ".java";
                if (name.startsWith(WRAPPERS + ".") || !Files.exists(DeployManifestsTest.PROJECT.resolve("src/main/java").resolve(source))) {
                    continue;
                }
                try {
                    if (response.isAssignableFrom(Class.forName(name, false, NativeImageRegistrationTest.class.getClassLoader()))) {
                        found.add(name);
                    }
                } catch (Throwable e) {
                    // a class that cannot be loaded here is no response class we could see
                }
            }
        }
        return found;
    }

    private static Path classesDir() throws URISyntaxException {
        return Path.of(NativeImageRegistrationTest.class.getClassLoader().getResource("application.properties").toURI()).getParent();
    }

    private static List<PathMatcher> globs(String commaSeparated) {
        List<PathMatcher> matchers = new ArrayList<>();
        for (String glob : commaSeparated.split(",")) {
            if (!glob.isBlank()) {
                matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + glob.strip()));
            }
        }
        return matchers;
    }

    private static boolean matches(List<PathMatcher> matchers, String resource) {
        return matchers.stream().anyMatch(m -> m.matches(Path.of(resource)));
    }
}
