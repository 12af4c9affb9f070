// Shim of androidx.test:monitor (see InstrumentationRegistry): activity lifecycle stages.
package androidx.test.runner.lifecycle;

public enum Stage {
  PRE_ON_CREATE, CREATED, STARTED, RESUMED, PAUSED, STOPPED, RESTARTED, DESTROYED
}
