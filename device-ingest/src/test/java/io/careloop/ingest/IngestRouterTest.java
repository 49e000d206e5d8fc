package io.careloop.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import com.datastax.oss.driver.api.core.servererrors.OverloadedException;
import com.datastax.oss.driver.api.core.servererrors.UnauthorizedException;
import com.datastax.oss.driver.api.core.type.DataTypes;
import com.datastax.oss.driver.api.core.type.codec.CodecNotFoundException;
import com.datastax.oss.driver.api.core.type.reflect.GenericType;
import io.vertx.core.VertxException;
import java.time.DateTimeException;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class IngestRouterTest {

  @Test
  @DisplayName("Only failures that repeating cannot cure make a message unstorable")
  void permanentFailures() {
    assertThat(IngestRouter.isPermanent(new InvalidQueryException(null, "Mutation too large")))
        .isTrue();
    assertThat(IngestRouter.isPermanent(new IllegalArgumentException("bad value"))).isTrue();
    assertThat(IngestRouter.isPermanent(new NullPointerException())).isTrue();
    assertThat(IngestRouter.isPermanent(new DateTimeException("year out of range"))).isTrue();
    assertThat(
            IngestRouter.isPermanent(new CodecNotFoundException(DataTypes.INT, GenericType.STRING)))
        .isTrue();

    assertThat(IngestRouter.isPermanent(new DriverTimeoutException("timed out"))).isFalse();
    assertThat(
            IngestRouter.isPermanent(
                new UnauthorizedException(
                    null,
                    "Unable to perform authorization of permissions: Cannot achieve consistency level LOCAL_ONE")))
        .isFalse();
    assertThat(
            IngestRouter.isPermanent(
                new InvalidQueryException(null, "unconfigured table sessions_by_device")))
        .isFalse();
    assertThat(
            IngestRouter.isPermanent(
                new InvalidQueryException(null, "Undefined column name claims")))
        .isFalse();
    assertThat(IngestRouter.isPermanent(AllNodesFailedException.fromErrors(Map.of()))).isFalse();
    assertThat(IngestRouter.isPermanent(new OverloadedException(null))).isFalse();
    assertThat(IngestRouter.isPermanent(new IllegalStateException("Session is closed"))).isFalse();
    assertThat(IngestRouter.isPermanent(new VertxException("event loop closed"))).isFalse();
  }
}
