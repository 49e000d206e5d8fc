package io.careloop.gateway.deploy;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the deployment examples must agree with: the image, the broker's rules, the secrets script.
 */
final class Examples {

  static final Path DEPLOY = Path.of("..", "ops", "deploy");
  static final Path MOSQUITTO = DEPLOY.resolve("compose/mosquitto");
  static final String GATEWAY_MAIN = "io.careloop.gateway.CareLoopMain";

  private Examples() {}

  /** The version the image is tagged with: careloop:${project.version} (gateway/pom.xml). */
  static String imageVersion() throws IOException {
    Matcher version =
        Pattern.compile("<artifactId>careloop-parent</artifactId>\\s*<version>([^<]+)</version>")
            .matcher(Files.readString(Path.of("..", "pom.xml")));
    if (!version.find()
        || !Files.readString(Path.of("pom.xml"))
            .contains("<image>careloop:${project.version}</image>")) {
      throw new IllegalStateException("the image's name and version are not where this test looks");
    }
    return version.group(1);
  }

  /**
   * Whether the class exists here (the image holds this module's runtime classpath) and has a main.
   */
  static boolean isMain(String className) {
    try {
      Method main = Class.forName(className).getMethod("main", String[].class);
      return Modifier.isStatic(main.getModifiers());
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }

  /** The users the broker's ACL gives rules of their own (the ingest connections). */
  static List<String> aclUsers(String acl) {
    return acl.lines()
        .filter(line -> line.startsWith("user "))
        .map(line -> line.substring(5).trim())
        .toList();
  }

  static String acl() throws IOException {
    return Files.readString(MOSQUITTO.resolve("acl"));
  }

  static String mosquittoConf() throws IOException {
    return Files.readString(MOSQUITTO.resolve("mosquitto.conf"));
  }

  /** The value of a directive of mosquitto.conf ("listener 1883" gives 1883). */
  static String mosquittoSetting(String name) throws IOException {
    return mosquittoConf()
        .lines()
        .filter(line -> line.startsWith(name + " "))
        .map(line -> line.split(" ")[1])
        .findFirst()
        .orElseThrow();
  }

  /** The ingest users make-secrets.sh writes to Mosquitto's password file. */
  static List<String> scriptUsers() throws IOException {
    Matcher users =
        Pattern.compile("ingest_users=\\(([^)]*)\\)")
            .matcher(Files.readString(DEPLOY.resolve("make-secrets.sh")));
    if (!users.find()) {
      throw new IllegalStateException("make-secrets.sh has no ingest_users=(...)");
    }
    return Arrays.stream(users.group(1).trim().split("\\s+")).toList();
  }

  /** Runs make-secrets.sh into {@code dir}, when this machine has its tools. */
  static boolean makeSecrets(Path dir) throws IOException {
    if (!Commands.available("openssl") || !Commands.available("mosquitto_passwd")) {
      return false;
    }
    Commands.run("bash", DEPLOY.resolve("make-secrets.sh").toString(), dir.toString());
    return true;
  }
}
