package io.careloop.platform.cassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SchemaMigratorTest {

  @Test
  @DisplayName("Statements are split at a ';' that ends a line, and comments are dropped")
  void splitsStatements() {
    var statements =
        SchemaMigrator.statements(
            """
        -- header comment
        CREATE TABLE a (
          id int PRIMARY KEY,  -- the key; with a semicolon in the comment
          v text
        );

        ALTER TABLE a ADD w int;
        """);

    assertThat(statements)
        .containsExactly(
            "CREATE TABLE a (\nid int PRIMARY KEY,\nv text\n)", "ALTER TABLE a ADD w int");
  }

  @Test
  @DisplayName("A file that does not end its last statement is refused")
  void unterminatedStatement() {
    assertThatThrownBy(() -> SchemaMigrator.statements("CREATE TABLE a (id int PRIMARY KEY)"))
        .hasMessageContaining("ends without ';'");
  }

  @Test
  @DisplayName("Migrations are found on the classpath and ordered by their number")
  void loadsInOrder() {
    var migrations = SchemaMigrator.load("migrator-test");

    assertThat(migrations)
        .extracting(SchemaMigrator.Migration::name)
        .containsExactly("001_notes.cql", "002_tags.cql");
    assertThat(migrations.get(1).statements()).hasSize(2);
  }
}
