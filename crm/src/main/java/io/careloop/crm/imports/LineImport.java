package io.careloop.crm.imports;

import io.careloop.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.parsetools.RecordParser;
import io.vertx.core.streams.ReadStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an import's body line by line as it arrives, never holding more than a batch of lines: the
 * body is paused while a batch is stored and resumed after. In a batch, lines of one key (one
 * patient) are stored in file order, others at once, {@code concurrency} keys at a time. A line
 * that does not parse or is refused is reported and stores nothing; a storage failure ends the
 * import (repeating it is harmless: every line is stored idempotently).
 */
final class LineImport<T> {

  /**
   * What one kind of line is: how it is read, whose it is, how it is stored (true when it changed
   * something).
   */
  interface Kind<T> {
    T parse(String line);

    String keyOf(T line);

    Future<Boolean> store(T line);
  }

  /** Longer lines are not read: the import ends with a 400 naming the line. */
  static final int MAX_LINE_BYTES = 64 * 1024;

  private record Numbered<T>(long number, T line) {}

  private final Kind<T> kind;
  private final int concurrency;
  private final ImportReport report = new ImportReport();
  private final List<Numbered<T>> batch = new ArrayList<>();
  private Future<Void> storing = Future.succeededFuture();
  private long lineNumber;

  LineImport(Kind<T> kind, int concurrency) {
    this.kind = kind;
    this.concurrency = concurrency;
  }

  Future<ImportReport> run(ReadStream<Buffer> body) {
    Promise<ImportReport> done = Promise.promise();
    RecordParser lines = RecordParser.newDelimited("\n", body).maxRecordSize(MAX_LINE_BYTES);
    lines.exceptionHandler(
        err ->
            done.tryFail(
                err instanceof IllegalStateException
                    ? Problem.validation(
                        "line "
                            + (lineNumber + 1)
                            + " is longer than "
                            + MAX_LINE_BYTES
                            + " bytes;"
                            + " the lines before it were imported ("
                            + report.toJson().encode()
                            + ")")
                    : err));
    lines.handler(line -> read(line, lines, done));
    lines.endHandler(
        v -> flush().onSuccess(x -> done.tryComplete(report)).onFailure(done::tryFail));
    lines.resume();
    return done.future();
  }

  private void read(Buffer raw, RecordParser lines, Promise<ImportReport> done) {
    lineNumber++;
    String text = raw.toString(StandardCharsets.UTF_8).strip();
    if (text.isEmpty()) {
      return;
    }
    try {
      batch.add(new Numbered<>(lineNumber, kind.parse(text)));
    } catch (LineRefused refused) {
      report.refused(lineNumber, refused.getMessage());
    }
    if (batch.size() >= concurrency * 8) {
      lines.pause();
      flush().onSuccess(v -> lines.resume()).onFailure(done::tryFail);
    }
  }

  /**
   * Stores what was read so far, after what is being stored (the last line may come while a batch
   * is).
   */
  private Future<Void> flush() {
    List<Numbered<T>> taken = List.copyOf(batch);
    batch.clear();
    storing = storing.compose(v -> store(taken));
    return storing;
  }

  /** Stores a batch: keys in waves of {@code concurrency}, each key's lines in order. */
  private Future<Void> store(List<Numbered<T>> lines) {
    Map<String, List<Numbered<T>>> byKey = new LinkedHashMap<>();
    lines.forEach(n -> byKey.computeIfAbsent(kind.keyOf(n.line()), k -> new ArrayList<>()).add(n));
    List<List<Numbered<T>>> keys = List.copyOf(byKey.values());
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < keys.size(); i += concurrency) {
      List<List<Numbered<T>>> wave = keys.subList(i, Math.min(keys.size(), i + concurrency));
      chain = chain.compose(v -> Future.all(wave.stream().map(this::inOrder).toList()).mapEmpty());
    }
    return chain;
  }

  private Future<Void> inOrder(List<Numbered<T>> lines) {
    Future<Void> chain = Future.succeededFuture();
    for (Numbered<T> n : lines) {
      chain =
          chain.compose(
              v ->
                  kind.store(n.line())
                      .map(
                          changed -> {
                            report.stored(changed);
                            return (Void) null;
                          })
                      .recover(
                          err -> {
                            if (err instanceof LineRefused refused) {
                              report.refused(n.number(), refused.getMessage());
                              return Future.succeededFuture();
                            }
                            return Future.failedFuture(err);
                          }));
    }
    return chain;
  }
}
