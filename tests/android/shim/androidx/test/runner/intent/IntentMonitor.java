// Shim of androidx.test:monitor (see InstrumentationRegistry).
package androidx.test.runner.intent;

public interface IntentMonitor {}
