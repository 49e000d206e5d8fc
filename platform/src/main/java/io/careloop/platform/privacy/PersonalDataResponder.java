package io.careloop.platform.privacy;

import io.careloop.platform.bus.BusFailures;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers a module's data-rights questions on the event bus: whether it is there to answer ({@code
 * ready}), its export and its erasure. A failure is answered as {@link BusFailures} says, so that
 * the asker tells an outage (503) from a fault.
 */
public final class PersonalDataResponder {

  private final EventBus bus;
  private final PersonalData module;
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();

  private PersonalDataResponder(EventBus bus, PersonalData module) {
    this.bus = bus;
    this.module = module;
  }

  /** Answers for {@code module} from now on. */
  public static PersonalDataResponder answer(EventBus bus, PersonalData module) {
    DataRights.registerCodecs(bus);
    PersonalDataResponder responder = new PersonalDataResponder(bus, module);
    responder.start();
    return responder;
  }

  /** Answers again after {@link #stop}; a responder already answering is left as it is. */
  public synchronized Future<Void> start() {
    if (!consumers.isEmpty()) {
      return Future.succeededFuture();
    }
    String name = module.module();
    consumers.add(bus.consumer(DataRights.readyAddress(name), msg -> msg.reply(name)));
    // through compose, so that a module that throws is answered as failed instead of left to time
    // out
    consumers.add(
        bus.<DataSubject>consumer(
            DataRights.exportAddress(name),
            msg ->
                Future.succeededFuture()
                    .compose(v -> module.export(msg.body()))
                    .onSuccess(msg::reply)
                    .onFailure(err -> BusFailures.reply(msg, err))));
    consumers.add(
        bus.<ErasureRequest>consumer(
            DataRights.eraseAddress(name),
            msg ->
                Future.succeededFuture()
                    .compose(v -> module.erase(msg.body().subject(), msg.body().pseudonym()))
                    .onSuccess(msg::reply)
                    .onFailure(err -> BusFailures.reply(msg, err))));
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList()).mapEmpty();
  }

  /** Stops answering (the module goes away); askers then get 503 until it answers again. */
  public synchronized Future<Void> stop() {
    List<Future<Void>> unregistered = consumers.stream().map(MessageConsumer::unregister).toList();
    consumers.clear();
    return Future.all(unregistered).mapEmpty();
  }
}
