package io.careloop.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ProblemHandlerTest {

  @Test
  @DisplayName(
      "Another module that does not answer is a 503; its 404 and 503 pass on without its words; anything else is ours")
  void busFailures() {
    assertThat(
            ProblemHandler.ofBusFailure(
                    new ReplyException(ReplyFailure.TIMEOUT, "Timed out after 30000 ms"))
                .status())
        .isEqualTo(503);
    assertThat(
            ProblemHandler.ofBusFailure(new ReplyException(ReplyFailure.NO_HANDLERS, "No handlers"))
                .status())
        .isEqualTo(503);

    Problem missing =
        ProblemHandler.ofBusFailure(
            new ReplyException(
                ReplyFailure.RECIPIENT_FAILURE,
                404,
                "no profile row for 7f0e... in accounts_by_id"));
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.getMessage()).doesNotContain("accounts_by_id");
    assertThat(
            ProblemHandler.ofBusFailure(
                    new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 503, "Cassandra down"))
                .status())
        .isEqualTo(503);

    assertThat(
            ProblemHandler.ofBusFailure(
                new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 400, "bad question")))
        .as("a question we asked wrong is our fault: internal")
        .isNull();
    assertThat(ProblemHandler.ofBusFailure(new ReplyException(ReplyFailure.ERROR, "codec")))
        .isNull();
  }
}
