package io.careloop.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.OutputStreamAppender;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The processes' logging configuration (conf/logback.xml), as the launcher and the image use it.
 */
@SuppressWarnings("unchecked")
class LogFormatTest {

  private static final Path CONFIG = Path.of("..", "conf", "logback.xml");

  @Test
  @DisplayName(
      "CARELOOP_LOG_FORMAT=json writes one JSON object a line with level, logger and message")
  void json() throws Exception {
    String out = logged("json", "Device {} paired", "TB-0A1B2C3D");
    JsonObject line = new JsonObject(out.strip());

    assertThat(line.getString("level")).isEqualTo("INFO");
    assertThat(line.getString("loggerName")).isEqualTo("careloop.test");
    assertThat(line.getString("formattedMessage")).isEqualTo("Device TB-0A1B2C3D paired");
  }

  @Test
  @DisplayName("Without it, logs are text lines")
  void text() throws Exception {
    String out = logged(null, "Device {} paired", "TB-0A1B2C3D");

    assertThat(out)
        .contains("INFO", "careloop.test - Device TB-0A1B2C3D paired")
        .doesNotContain("{\"");
  }

  /**
   * How the configured root appender's encoder writes one event, for the given CARELOOP_LOG_FORMAT.
   */
  private static String logged(String format, String message, Object argument) throws Exception {
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
    try {
      if (format != null) {
        context.putProperty("CARELOOP_LOG_FORMAT", format);
      }
      JoranConfigurator configurator = new JoranConfigurator();
      configurator.setContext(context);
      configurator.doConfigure(CONFIG.toFile());
      Logger logger = context.getLogger("careloop.test");
      var appender =
          (OutputStreamAppender<ILoggingEvent>)
              context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().next();
      LoggingEvent event =
          new LoggingEvent(
              Logger.class.getName(), logger, Level.INFO, message, null, new Object[] {argument});
      return new String(appender.getEncoder().encode(event), StandardCharsets.UTF_8);
    } finally {
      context.stop();
    }
  }
}
