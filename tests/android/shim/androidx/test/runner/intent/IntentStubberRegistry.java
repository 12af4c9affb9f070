// Shim of androidx.test:monitor (see InstrumentationRegistry): no stubber is ever loaded, so
// Robolectric starts activities for real.
package androidx.test.runner.intent;

public final class IntentStubberRegistry {
  private static volatile IntentStubber instance;

  private IntentStubberRegistry() {}

  public static void load(IntentStubber stubber) {
    instance = stubber;
  }

  public static boolean isLoaded() {
    return instance != null;
  }

  public static IntentStubber getInstance() {
    if (instance == null) {
      throw new IllegalStateException("No intent stubber loaded");
    }
    return instance;
  }

  public static void reset() {
    instance = null;
  }
}
