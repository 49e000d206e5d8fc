package io.careloop.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.careloop.platform.auth.SigningKeys;
import io.careloop.platform.auth.TokenVerifier;
import io.careloop.platform.http.Operations;
import io.careloop.platform.metrics.Metrics;
import io.vertx.core.Vertx;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ApiContractTest {

  private static Vertx vertx;
  private static OpenAPIContract contract;

  @BeforeAll
  static void load() throws Exception {
    vertx = Vertx.vertx();
    String yaml = new String(ApiContractTest.class.getResourceAsStream("/" + ApiRouter.CONTRACT).readAllBytes(),
        StandardCharsets.UTF_8);
    contract = OpenAPIContract.from(vertx, ApiRouter.forRouter(yaml)).await();
  }

  @AfterAll
  static void close() {
    vertx.close().await();
  }

  private static Operations allBut(String skipped) {
    Operations operations = new Operations();
    for (Operation op : contract.operations()) {
      if (!op.getOperationId().equals(skipped)) {
        operations.on(op.getOperationId(), ctx -> ctx.end());
      }
    }
    return operations;
  }

  private static void build(Operations operations) {
    ApiRouter.build(vertx, contract, operations, new TokenVerifier(SigningKeys.ephemeral("k"), Clock.systemUTC()),
        GatewayConfig.local(0), List.of(), Metrics.newRegistry());
  }

  @Test
  @DisplayName("Every operation of the document with a handler builds a router")
  void completeBinding() {
    build(allBut("none"));
  }

  @Test
  @DisplayName("An operation of the document without a handler stops start-up, naming it")
  void missingHandler() {
    assertThatThrownBy(() -> build(allBut("pairDevice")))
        .hasMessageContaining("operations without a handler [pairDevice]");
  }

  @Test
  @DisplayName("A handler for an operation the document does not have stops start-up, naming it")
  void handlerWithoutOperation() {
    assertThatThrownBy(() -> build(allBut("none").on("deleteEverything", ctx -> ctx.end())))
        .hasMessageContaining("handlers without an operation [deleteEverything]");
  }

  @Test
  @DisplayName("Every protected operation says which roles may call it; sign-up, sign-in and password reset are public")
  void rolesAreDeclared() {
    for (Operation op : contract.operations()) {
      boolean isPublic = op.getOpenAPIModel().containsKey("security") && op.getOpenAPIModel().getJsonArray("security").isEmpty();
      if (isPublic) {
        assertThat(op.getOperationId()).isIn("registerPatient", "signIn", "refreshTokens", "requestPasswordReset",
            "confirmPasswordReset");
      } else {
        assertThat(ApiRouter.roles(op)).as(op.getOperationId()).isNotEmpty();
      }
    }
  }

  @Test
  @DisplayName("The served document keeps application/problem+json for errors")
  void servedDocumentIsTheOriginal() throws Exception {
    String yaml = new String(ApiContractTest.class.getResourceAsStream("/" + ApiRouter.CONTRACT).readAllBytes(),
        StandardCharsets.UTF_8);
    assertThat(yaml).contains("application/problem+json");
  }
}
