// Shim of androidx.test:monitor (see InstrumentationRegistry): the last stage of each activity.
package androidx.test.internal.runner.lifecycle;

import android.app.Activity;
import androidx.test.runner.lifecycle.ActivityLifecycleMonitor;
import androidx.test.runner.lifecycle.Stage;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;

public final class ActivityLifecycleMonitorImpl implements ActivityLifecycleMonitor {
  private final Map<Activity, Stage> stages = new IdentityHashMap<>();

  public synchronized void signalLifecycleChange(Stage stage, Activity activity) {
    if (stage == Stage.DESTROYED) {
      stages.remove(activity);
    } else {
      stages.put(activity, stage);
    }
  }

  @Override
  public synchronized Collection<Activity> getActivitiesInStage(Stage stage) {
    Collection<Activity> result = new ArrayList<>();
    for (Map.Entry<Activity, Stage> e : stages.entrySet()) {
      if (e.getValue() == stage) {
        result.add(e.getKey());
      }
    }
    return result;
  }

  @Override
  public synchronized Stage getLifecycleStageOf(Activity activity) {
    Stage stage = stages.get(activity);
    if (stage == null) {
      throw new IllegalArgumentException("Unknown activity");
    }
    return stage;
  }
}
