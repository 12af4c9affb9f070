package id.go.ikd.wallet

import android.app.Application
import java.io.File
import java.util.concurrent.ExecutorService
import java.util.concurrent.Executors
import uniffi.ikd_ffi.IkdApp

/**
 * Holds the one app flow of the process. The vault lives in no_backup/ (never in a backup, and
 * the backup rules exclude everything anyway); the hardware key lives in AndroidKeyStore.
 */
class IkdApplication : Application() {
    /** Opened on first use; it decides every screen. */
    val app: IkdApp by lazy {
        val folder = File(noBackupFilesDir, "wallet").apply { mkdirs() }
        IkdApp.open(folder.path, AndroidKeystore())
    }

    /** Slow tasks (Argon2 for a PIN, the network) run here, off the main thread. */
    val worker: ExecutorService = Executors.newSingleThreadExecutor { task ->
        Thread(task, "ikd-worker").apply { isDaemon = true }
    }

    /** The activity on screen, which draws the views that slow tasks return. */
    @Volatile
    var activity: MainActivity? = null
}
