package id.go.ikd.wallet

import android.app.Activity
import android.content.Context
import android.content.Intent
import android.content.res.Configuration
import android.os.Build
import android.os.Bundle
import android.os.Handler
import android.os.Looper
import android.view.KeyEvent
import android.view.WindowManager
import java.util.Locale
import uniffi.ikd_ffi.AppLanguage
import uniffi.ikd_ffi.IkdWallet
import uniffi.ikd_ffi.UserText
import uniffi.ikd_ffi.WalletException
import uniffi.ikd_ffi.WalletState
import uniffi.ikd_ffi.errorText

/**
 * The one activity. It shows one Screen at a time and asks the core which one: the shell holds
 * no rule. Security, all here: FLAG_SECURE before any content (screenshots, screen recording,
 * casting and the recents thumbnail all see black), no recents screenshot on API 33+, the
 * session locked when the app leaves the foreground and when the core's idle time runs out.
 */
class MainActivity : Activity() {
    val wallet: IkdWallet get() = (application as IkdApplication).wallet
    val handler = Handler(Looper.getMainLooper())

    /** The screen on show (the tests read it). */
    var current: Screen? = null
        private set

    /** The user's language: a core setting, Bahasa Indonesia unless changed. */
    var language: AppLanguage = AppLanguage.INDONESIAN
        private set
    private lateinit var localized: Context
    private val idleCheck = Runnable { checkIdle() }

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        window.setFlags(WindowManager.LayoutParams.FLAG_SECURE, WindowManager.LayoutParams.FLAG_SECURE)
        if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.TIRAMISU) setRecentsScreenshotEnabled(false)
        applyLanguage(
            try {
                wallet.settings().language
            } catch (e: WalletException) {
                AppLanguage.INDONESIAN
            },
        )
        route()
    }

    /** Texts of this app's screens in the chosen language (values/ = Indonesian, values-en/). */
    fun applyLanguage(chosen: AppLanguage) {
        language = chosen
        val config = Configuration(resources.configuration)
        config.setLocale(if (chosen == AppLanguage.ENGLISH) Locale.ENGLISH else Locale.forLanguageTag("id"))
        localized = createConfigurationContext(config)
    }

    fun text(id: Int, vararg args: Any): String = localized.getString(id, *args)

    fun pick(text: UserText): String = if (language == AppLanguage.ENGLISH) text.en else text.id

    /** What the core says to tell the user about an error, in the user's language. */
    fun explain(error: Throwable): String = pick(
        errorText(error as? WalletException ?: WalletException.Internal()),
    )

    /** The screen the wallet's state calls for. */
    fun route() {
        show(
            when (val state = wallet.state()) {
                is WalletState.NotActivated -> ActivationScreen(this)
                is WalletState.Locked -> PinScreen(this)
                is WalletState.Unlocked -> HomeScreen(this)
                is WalletState.NeedsReactivation -> ReactivationScreen(this, state.reason)
            },
        )
    }

    private var rerouting = false

    fun show(screen: Screen) {
        current?.leave()
        current = screen
        try {
            setContentView(screen.build())
            screen.enter()
        } catch (e: WalletException) {
            // The core changed state under the screen (auto-lock, erase, damage): ask it again,
            // once (a screen that still fails then is a bug to see, not a loop).
            if (rerouting) throw e
            screen.leave()
            current = null
            rerouting = true
            try {
                route()
            } finally {
                rerouting = false
            }
            return
        }
        scheduleIdleCheck()
    }

    /**
     * Runs a slow core call off the main thread; `done` runs on the main thread. An unlock or
     * activation still running when the app goes to the background cannot leave a session open:
     * the core's lock() wins over it (that call then fails with Locked).
     */
    fun <T> background(work: () -> T, done: (Result<T>) -> Unit) {
        (application as IkdApplication).worker.execute {
            val result = runCatching(work)
            handler.post { if (!isDestroyed) done(result) }
        }
    }

    override fun onUserInteraction() {
        super.onUserInteraction()
        userActive()
    }

    /** Any tap postpones the core's auto-lock. */
    fun userActive() {
        if (current?.needsSession != true) return
        try {
            wallet.keepAlive()
        } catch (e: WalletException) {
            // Locked meanwhile: the idle check below routes to the PIN pad.
        }
        scheduleIdleCheck()
    }

    private fun scheduleIdleCheck() {
        handler.removeCallbacks(idleCheck)
        if (current?.needsSession != true) return
        val left = wallet.idleSecondsLeft()
        handler.postDelayed(idleCheck, (left.toLong() * 1000).coerceAtLeast(250))
    }

    private fun checkIdle() {
        if (current?.needsSession != true) return
        if (wallet.idleSecondsLeft() == 0uL) {
            wallet.lock()
            route()
        } else {
            scheduleIdleCheck()
        }
    }

    /** Leaving the foreground locks the wallet: the keys are wiped from memory. */
    override fun onStop() {
        super.onStop()
        handler.removeCallbacks(idleCheck)
        current?.stop()
        if (!isChangingConfigurations) wallet.lock()
    }

    override fun onRestart() {
        super.onRestart()
        val screen = current
        if (screen == null || (screen.needsSession && wallet.state() !is WalletState.Unlocked)) {
            route()
        } else {
            screen.restart()
            scheduleIdleCheck()
        }
    }

    override fun onDestroy() {
        handler.removeCallbacksAndMessages(null)
        current?.leave()
        super.onDestroy()
    }

    override fun onKeyDown(keyCode: Int, event: KeyEvent?): Boolean {
        if (keyCode == KeyEvent.KEYCODE_BACK && current?.back() == true) return true
        return super.onKeyDown(keyCode, event)
    }

    override fun onActivityResult(requestCode: Int, resultCode: Int, data: Intent?) {
        super.onActivityResult(requestCode, resultCode, data)
        current?.result(requestCode, resultCode, data)
    }
}

/** One screen: builds its views, starts and stops its timers, owns its PinPads. */
abstract class Screen(val activity: MainActivity) {
    /** Shown only while the wallet is unlocked (locking sends the user to the PIN pad). */
    open val needsSession: Boolean = true

    abstract fun build(): android.view.View

    open fun enter() {}

    /** The screen goes away: stop timers, clear PinPads. */
    open fun leave() {}

    /** The app went to the background (the wallet is being locked). */
    open fun stop() {}

    /** Back in the foreground, still allowed to show. */
    open fun restart() {}

    /** Back pressed: true when handled. */
    open fun back(): Boolean = false

    open fun result(requestCode: Int, resultCode: Int, data: Intent?) {}

    fun text(id: Int, vararg args: Any): String = activity.text(id, *args)
}
