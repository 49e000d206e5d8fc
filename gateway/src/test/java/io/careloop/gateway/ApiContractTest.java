package io.careloop.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.careloop.platform.auth.SigningKeys;
import io.careloop.platform.auth.TokenVerifier;
import io.careloop.platform.http.Operations;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
    String yaml =
        new String(
            ApiContractTest.class.getResourceAsStream("/" + ApiRouter.CONTRACT).readAllBytes(),
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
    ApiRouter.build(
        vertx,
        contract,
        operations,
        new TokenVerifier(SigningKeys.ephemeral("k"), Clock.systemUTC()),
        GatewayConfig.local(0));
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
  @DisplayName(
      "Every protected operation says which roles may call it; sign-up, sign-in and password reset are public")
  void rolesAreDeclared() {
    for (Operation op : contract.operations()) {
      boolean isPublic =
          op.getOpenAPIModel().containsKey("security")
              && op.getOpenAPIModel().getJsonArray("security").isEmpty();
      if (isPublic) {
        assertThat(op.getOperationId())
            .isIn(
                "registerPatient",
                "signIn",
                "refreshTokens",
                "requestPasswordReset",
                "confirmPasswordReset");
      } else {
        assertThat(ApiRouter.roles(op)).as(op.getOperationId()).isNotEmpty();
      }
    }
  }

  @Test
  @DisplayName(
      "Every object a request body may hold says which fields it takes: unknown fields are refused everywhere")
  void requestBodiesRefuseUnknownFields() {
    RequestBodies bodies = new RequestBodies("x");
    List<String> open = new ArrayList<>();
    for (RequestBodies.Operation op : bodies.withBody()) {
      objectsOf(bodies, op.schema(), op.id() + " #", new HashSet<>(), open);
    }
    assertThat(open).as("object schemas of request bodies without additionalProperties").isEmpty();
  }

  private static void objectsOf(
      RequestBodies bodies,
      JsonObject declared,
      String where,
      Set<JsonObject> seen,
      List<String> open) {
    JsonObject schema = bodies.resolved(declared);
    if (schema == null || !seen.add(schema)) {
      return;
    }
    boolean object = "object".equals(schema.getValue("type")) || schema.containsKey("properties");
    Object others = schema.getValue("additionalProperties");
    if (object
        && !(Boolean.FALSE.equals(others)
            || others instanceof JsonObject)) { // false, or a map's values
      open.add(where);
    }
    schema
        .getJsonObject("properties", new JsonObject())
        .forEach(
            p ->
                objectsOf(bodies, (JsonObject) p.getValue(), where + "/" + p.getKey(), seen, open));
    if (others instanceof JsonObject values) {
      objectsOf(bodies, values, where + "/*", seen, open);
    }
    if (schema.getValue("items") instanceof JsonObject items) {
      objectsOf(bodies, items, where + "/0", seen, open);
    }
  }

  @Test
  @DisplayName(
      "Every request body and required parameter can be built from the document alone (patterns carry an example)")
  void requestsCanBeBuiltFromTheDocument() {
    RequestBodies bodies = new RequestBodies("x");
    for (RequestBodies.Operation op : bodies.withBody()) {
      assertThat(bodies.example(op.schema())).as(op.id()).isInstanceOf(JsonObject.class);
      assertThat(bodies.path(op)).as(op.id()).doesNotContain("{");
      bodies.headers(op);
    }
  }

  @Test
  @DisplayName("The served document keeps application/problem+json for errors")
  void servedDocumentIsTheOriginal() throws Exception {
    String yaml =
        new String(
            ApiContractTest.class.getResourceAsStream("/" + ApiRouter.CONTRACT).readAllBytes(),
            StandardCharsets.UTF_8);
    assertThat(yaml).contains("application/problem+json");
  }
}
