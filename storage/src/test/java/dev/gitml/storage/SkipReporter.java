package dev.gitml.storage;

import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Says on the console why a test was skipped. Surefire writes an assumption's message only to its
 * report files, so a plain clone's build would skip tests without a word. Registered for every
 * module's tests through {@code META-INF/services} in storage's test jar, with extension
 * autodetection switched on in the parent POM's Surefire configuration.
 */
public final class SkipReporter implements TestWatcher {
  private static final String ASSUMPTION = "Assumption failed: ";

  @Override
  public void testAborted(ExtensionContext context, Throwable cause) {
    String reason = cause == null ? "aborted" : String.valueOf(cause.getMessage());
    say(context, reason.startsWith(ASSUMPTION) ? reason.substring(ASSUMPTION.length()) : reason);
  }

  @Override
  public void testDisabled(ExtensionContext context, Optional<String> reason) {
    say(context, reason.orElse("disabled"));
  }

  private static void say(ExtensionContext context, String reason) {
    String method = context.getRequiredTestMethod().getName();
    String shown = context.getDisplayName();
    // a parameterized invocation's display name says which one it is
    String test =
        context.getRequiredTestClass().getSimpleName()
            + "."
            + method
            + (shown.equals(method + "()") ? "" : " [" + shown + "]");
    System.out.println("skipped " + test + ": " + reason);
  }
}
