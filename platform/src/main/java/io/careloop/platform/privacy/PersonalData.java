package io.careloop.platform.privacy;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * What a module holds about one person, for the person's data rights: every row about them as JSON,
 * and their erasure. Each module that keeps personal data implements it and answers it over the
 * event bus ({@link PersonalDataResponder}); {@link DataRights#MODULES} lists them.
 */
public interface PersonalData {

  /** The module's name, as {@link DataRights#MODULES} lists it. */
  String module();

  /**
   * Every row of this module about the subject, as named sections of JSON (each name unique across
   * modules: the sections of all modules make one document). Secrets are left out or fingerprinted.
   */
  Future<JsonObject> export(DataSubject subject);

  /**
   * Deletes the subject's rows, and keeps what the clinic must keep with {@code pseudonym} in place
   * of their id. Idempotent: a repeat (with another pseudonym) finds nothing left and changes
   * nothing.
   */
  Future<Erasure> erase(DataSubject subject, UUID pseudonym);
}
