package dev.gitml.agent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layout the code keeps (docs/architecture.md): the command line ({@code agent}) over the
 * collector over storage, never upwards, and no cycle between the packages of a module.
 */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.gitml.agent", "dev.gitml.collector", "dev.gitml.storage");
  }

  @Test
  void modules_dependOnlyDownwards_agentCollectorStorage() {
    layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .layer("agent")
        .definedBy("dev.gitml.agent..")
        .layer("collector")
        .definedBy("dev.gitml.collector..")
        .layer("storage")
        .definedBy("dev.gitml.storage..")
        .whereLayer("agent")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("collector")
        .mayOnlyBeAccessedByLayers("agent")
        .whereLayer("storage")
        .mayOnlyBeAccessedByLayers("collector", "agent")
        .check(classes);
  }

  @Test
  void index_usedOnlyInsideStorage() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.gitml.storage..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.gitml.storage.index..")
        .because("the SQLite index is the store's own: read through Store's named methods")
        .check(classes);
  }

  @Test
  void sql_usedOnlyInsideStorage() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.gitml.storage..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.sql..", "org.sqlite..")
        .because("SQL is written in one place, with its values bound: the storage module")
        .check(classes);
  }

  @Test
  void collectorPackages_haveNoCycles() {
    slices().matching("dev.gitml.collector.(*)..").should().beFreeOfCycles().check(classes);
  }

  @Test
  void storagePackages_haveNoCycles() {
    slices().matching("dev.gitml.storage.(*)..").should().beFreeOfCycles().check(classes);
  }

  @Test
  void agentPackages_haveNoCycles() {
    slices().matching("dev.gitml.agent.(*)..").should().beFreeOfCycles().check(classes);
  }
}
