// Shim of androidx.test:monitor (see InstrumentationRegistry).
package androidx.test.runner.lifecycle;

public interface ApplicationLifecycleMonitor {}
