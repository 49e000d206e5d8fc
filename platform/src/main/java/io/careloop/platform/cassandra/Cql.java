package io.careloop.platform.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.MappedAsyncPagingIterable;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The bridge from the driver's async API to Vert.x futures: continuations run back on the caller's
 * Vert.x context, never on the driver's I/O threads.
 */
public final class Cql {

  private final CqlSession session;

  public Cql(CqlSession session) {
    this.session = session;
  }

  public CqlSession session() {
    return session;
  }

  public Future<AsyncResultSet> execute(Statement<?> statement) {
    return onCaller(session.executeAsync(statement));
  }

  /**
   * A future of the stage whose continuations run on the caller's Vert.x context (if it has one),
   * not on the thread that completes the stage: the driver's, or a cache's.
   */
  public static <T> Future<T> onCaller(CompletionStage<T> stage) {
    var context = Vertx.currentContext();
    return context == null
        ? Future.fromCompletionStage(stage)
        : Future.fromCompletionStage(stage, context);
  }

  /** Whether Cassandra answers at all, within two seconds: for readiness checks. */
  public Future<Void> ping() {
    return run(
        SimpleStatement.newInstance("SELECT release_version FROM system.local")
            .setTimeout(Duration.ofSeconds(2)));
  }

  /** Runs a statement for its effect. */
  public Future<Void> run(Statement<?> statement) {
    return execute(statement).mapEmpty();
  }

  /** Runs a lightweight transaction and tells whether it was applied. */
  public Future<Boolean> applied(Statement<?> statement) {
    return execute(statement).map(AsyncResultSet::wasApplied);
  }

  public Future<Optional<Row>> one(Statement<?> statement) {
    return execute(statement).map(rs -> Optional.ofNullable(rs.one()));
  }

  /** Every row of every page; only for queries whose result is bounded by their partition. */
  public Future<List<Row>> all(Statement<?> statement) {
    return execute(statement).compose(rs -> collect(rs, new ArrayList<>()));
  }

  /** Every entity of every page of a mapper query; only for queries bounded by their partition. */
  public static <T> Future<List<T>> allMapped(CompletionStage<MappedAsyncPagingIterable<T>> query) {
    return onCaller(query).compose(page -> collectMapped(page, new ArrayList<>()));
  }

  private static <T> Future<List<T>> collectMapped(
      MappedAsyncPagingIterable<T> page, List<T> into) {
    page.currentPage().forEach(into::add);
    return page.hasMorePages()
        ? onCaller(page.fetchNextPage()).compose(next -> collectMapped(next, into))
        : Future.succeededFuture(into);
  }

  /**
   * The statement with its null values left unset: an upsert then leaves those columns as they were
   * instead of writing a tombstone for each (absent optional fields of a message).
   */
  public static BoundStatement unsetNulls(BoundStatement statement) {
    BoundStatement result = statement;
    for (int i = 0; i < statement.size(); i++) {
      if (statement.isNull(i)) {
        result = result.unset(i);
      }
    }
    return result;
  }

  private Future<List<Row>> collect(AsyncResultSet page, List<Row> rows) {
    page.currentPage().forEach(rows::add);
    if (!page.hasMorePages()) {
      return Future.succeededFuture(rows);
    }
    return onCaller(page.fetchNextPage()).compose(rs -> collect(rs, rows));
  }
}
