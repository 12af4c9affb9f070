package id.go.ikd.wallet

import android.app.Application
import java.io.File
import java.util.concurrent.ExecutorService
import java.util.concurrent.Executors
import uniffi.ikd_ffi.IkdWallet

/**
 * Holds the one wallet of the process. The vault lives in no_backup/ (never in a backup, and the
 * backup rules exclude everything anyway); the hardware key lives in AndroidKeyStore.
 */
class IkdApplication : Application() {
    /** Opened on first use: the core decides which screen the state calls for. */
    val wallet: IkdWallet by lazy {
        val folder = File(noBackupFilesDir, "wallet").apply { mkdirs() }
        IkdWallet.open(folder.path, AndroidKeystore())
    }

    /** Slow core calls (Argon2 for a PIN, the network for activation) run here, one at a time. */
    val worker: ExecutorService = Executors.newSingleThreadExecutor { task ->
        Thread(task, "ikd-worker").apply { isDaemon = true }
    }
}
