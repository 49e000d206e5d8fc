package io.careloop.e2e;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The rules that keep the house easy to live in, checked on the main code of every module. */
class HouseRulesTest {

  private static JavaClasses main;

  @BeforeAll
  static void importMainCode() {
    // Tests are left out, whether they come as test-classes folders or as the modules' test-jars.
    ImportOption mainCodeOnly =
        location -> !location.contains("/test-classes/") && !location.contains("-tests.jar");
    main = new ClassFileImporter().withImportOption(mainCodeOnly).importPackages("io.careloop");
  }

  @Test
  @DisplayName("No package imports one that imports it back")
  void noPackageCycles() {
    slices().matching("io.careloop.(**)").should().beFreeOfCycles().check(main);
  }

  @Test
  @DisplayName(
      "Outside platform, only repositories (and the mapper's generated DAOs) prepare or run CQL")
  void cqlOnlyInRepositories() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.careloop.platform..")
        .and()
        .haveSimpleNameNotEndingWith("Repository")
        .and()
        .haveSimpleNameNotEndingWith("__MapperGenerated")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "com.datastax.oss.driver.api.core.cql..", "com.datastax.oss.driver.api.querybuilder..")
        .check(main);
  }
}
