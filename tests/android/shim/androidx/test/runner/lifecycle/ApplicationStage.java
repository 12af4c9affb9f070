// Shim of androidx.test:monitor (see InstrumentationRegistry): application lifecycle stages.
package androidx.test.runner.lifecycle;

public enum ApplicationStage {
  PRE_ON_CREATE, CREATED, STOPPED, TERMINATED
}
