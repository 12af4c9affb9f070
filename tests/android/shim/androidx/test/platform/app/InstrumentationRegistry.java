// Shim of androidx.test (Google Maven only, unreachable here): the classes Robolectric 4.16 loads
// while it sets a test up. Same names and signatures as androidx.test:monitor; no behaviour beyond
// holding the registered instances. Test-only; never part of the app.
package androidx.test.platform.app;

import android.app.Instrumentation;
import android.os.Bundle;

public final class InstrumentationRegistry {
  private static volatile Instrumentation instrumentation;
  private static volatile Bundle arguments = new Bundle();

  private InstrumentationRegistry() {}

  public static void registerInstance(Instrumentation instr, Bundle args) {
    instrumentation = instr;
    arguments = args == null ? new Bundle() : new Bundle(args);
  }

  public static Instrumentation getInstrumentation() {
    if (instrumentation == null) {
      throw new IllegalStateException("No instrumentation registered");
    }
    return instrumentation;
  }

  public static Bundle getArguments() {
    return new Bundle(arguments);
  }
}
