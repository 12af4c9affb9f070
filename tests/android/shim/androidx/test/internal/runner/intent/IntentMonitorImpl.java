// Shim of androidx.test:monitor (see InstrumentationRegistry): remembers the intents started.
package androidx.test.internal.runner.intent;

import android.content.Intent;
import androidx.test.runner.intent.IntentMonitor;
import java.util.ArrayList;
import java.util.List;

public final class IntentMonitorImpl implements IntentMonitor {
  private final List<Intent> intents = new ArrayList<>();

  public synchronized void signalIntent(Intent intent) {
    intents.add(new Intent(intent));
  }

  public synchronized List<Intent> signalledIntents() {
    return new ArrayList<>(intents);
  }
}
