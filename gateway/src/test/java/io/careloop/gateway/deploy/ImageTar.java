package io.careloop.gateway.deploy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A container image as `jib:buildTar` writes it (the `docker save` layout): a manifest naming the
 * config JSON and the layers. Read with the system's tar, as an operator's tools would.
 */
public final class ImageTar {

  private final Path tar;
  private final JsonObject manifest;
  private final JsonObject config;

  private ImageTar(Path tar, JsonObject manifest, JsonObject config) {
    this.tar = tar;
    this.manifest = manifest;
    this.config = config;
  }

  public static ImageTar read(Path tar, Path scratch) throws IOException {
    Files.createDirectories(scratch);
    Commands.run("tar", "-xf", tar.toString(), "-C", scratch.toString(), "manifest.json");
    JsonObject manifest =
        new JsonArray(Files.readString(scratch.resolve("manifest.json"))).getJsonObject(0);
    String configFile = manifest.getString("Config");
    Commands.run("tar", "-xf", tar.toString(), "-C", scratch.toString(), configFile);
    return new ImageTar(
        tar, manifest, new JsonObject(Files.readString(scratch.resolve(configFile))));
  }

  /** The runtime part of the config: Entrypoint, Cmd, User, Env, ExposedPorts, WorkingDir. */
  public JsonObject runtime() {
    return config.getJsonObject("config");
  }

  public List<String> list(String key) {
    JsonArray values = runtime().getJsonArray(key, new JsonArray());
    List<String> out = new ArrayList<>();
    values.forEach(v -> out.add((String) v));
    return out;
  }

  /** The image's environment as NAME=value lines. */
  public List<String> env() {
    return list("Env");
  }

  public String envValue(String name) {
    return env().stream()
        .filter(line -> line.startsWith(name + "="))
        .map(line -> line.substring(name.length() + 1))
        .findFirst()
        .orElse(null);
  }

  /** Unpacks every layer in order into {@code root}: the file system a container starts from. */
  public void unpackInto(Path root) throws IOException {
    Path layers = root.resolveSibling(root.getFileName() + "-layers");
    Files.createDirectories(root);
    Files.createDirectories(layers);
    for (Object layer : manifest.getJsonArray("Layers")) {
      Commands.run("tar", "-xf", tar.toString(), "-C", layers.toString(), (String) layer);
      Commands.run(
          "tar",
          "--warning=no-unknown-keyword",
          "-xf",
          layers.resolve((String) layer).toString(),
          "-C",
          root.toString());
      Files.delete(layers.resolve((String) layer));
    }
  }
}
