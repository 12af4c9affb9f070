// Shim of androidx.test:monitor (see InstrumentationRegistry).
package androidx.test.internal.runner.lifecycle;

import android.app.Application;
import androidx.test.runner.lifecycle.ApplicationLifecycleMonitor;
import androidx.test.runner.lifecycle.ApplicationStage;

public final class ApplicationLifecycleMonitorImpl implements ApplicationLifecycleMonitor {
  private volatile ApplicationStage stage;

  public void signalLifecycleChange(Application application, ApplicationStage stage) {
    this.stage = stage;
  }

  public ApplicationStage currentStage() {
    return stage;
  }
}
