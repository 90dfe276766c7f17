package io.cascadelab.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The root pom's Jib configuration builds a service image without a Docker daemon: jib:buildTar on one small
 * service (droplets), its dependencies compiled with -am. Registries are not reachable here, so the base image
 * is a one-empty-layer tarball made by the test ({@code jib.from.image=tar://...}); what is checked is what the
 * configuration decides: the image name, the non-root user, the entrypoint and the application layers.
 * Users build the real images (eclipse-temurin:17-jre base) with ./mvnw -Pimages -DskipTests package.
 */
class JibImageTest {

    @Test
    void jibBuildsANonRootServiceImageTarball(@TempDir Path temp) throws Exception {
        Path base = emptyBaseImage(temp.resolve("base"));
        Path image = temp.resolve("droplets.tar");
        Tools.Result build = Tools.run(Paths.REPO, List.of(Paths.REPO.resolve("mvnw").toString(), "-B", "-q",
                "-pl", "services/droplets", "-am", "compile",
                "com.google.cloud.tools:jib-maven-plugin:buildTar",
                "-Djib.from.image=tar://" + base, "-Djib.outputPaths.tar=" + image,
                "-Djib.outputPaths.digest=" + temp.resolve("digest"), "-Djib.outputPaths.imageId=" + temp.resolve("id"),
                "-Djib.outputPaths.imageJson=" + temp.resolve("image.json")));
        assertThat(build.exitCode()).as(build.output()).isZero();

        Path unpacked = Files.createDirectories(temp.resolve("unpacked"));
        Tools.Result untar = Tools.run(temp, List.of("tar", "-xf", image.toString(), "-C", unpacked.toString()));
        assertThat(untar.exitCode()).as(untar.output()).isZero();
        ObjectMapper json = new ObjectMapper();
        JsonNode manifest = json.readTree(unpacked.resolve("manifest.json").toFile()).get(0);
        assertThat(manifest.path("RepoTags").get(0).asText()).isEqualTo("cascade/droplets:0.1.0-SNAPSHOT");
        assertThat(manifest.path("Layers").size()).as("base layer plus dependency, resource and class layers")
                .isGreaterThanOrEqualTo(4);
        JsonNode config = json.readTree(unpacked.resolve(manifest.path("Config").asText()).toFile()).path("config");
        assertThat(config.path("User").asText()).isEqualTo("65532:65532");
        assertThat(config.path("Entrypoint").toString())
                .contains("java", "io.cascadelab.droplets.DropletsApplication");
    }

    /** A docker-save tarball: one empty layer, a config naming its diff id, and the manifest. */
    private static Path emptyBaseImage(Path directory) throws Exception {
        Files.createDirectories(directory);
        Tools.Result layer = Tools.run(directory, List.of("tar", "-cf", "layer.tar", "-T", "/dev/null"));
        assertThat(layer.exitCode()).as(layer.output()).isZero();
        String diffId = HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(directory.resolve("layer.tar"))));
        Files.writeString(directory.resolve("config.json"), """
                {"architecture":"amd64","os":"linux","config":{"Env":["PATH=/usr/bin:/bin"]},
                 "rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}""".formatted(diffId));
        Files.writeString(directory.resolve("manifest.json"),
                "[{\"Config\":\"config.json\",\"RepoTags\":[\"cascade-test-base:latest\"],\"Layers\":[\"layer.tar\"]}]");
        Path tarball = directory.resolveSibling("base.tar");
        Tools.Result tar = Tools.run(directory, List.of("tar", "-cf", tarball.toString(), "manifest.json",
                "config.json", "layer.tar"));
        assertThat(tar.exitCode()).as(tar.output()).isZero();
        return tarball;
    }
}
