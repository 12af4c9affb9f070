package id.go.ikd.wallet

import android.app.Activity
import android.content.ActivityNotFoundException
import android.content.Intent
import android.net.ConnectivityManager
import android.net.Network
import android.net.NetworkCapabilities
import android.os.Build
import android.os.Bundle
import android.os.Handler
import android.os.Looper
import android.view.KeyEvent
import android.view.WindowManager
import uniffi.ikd_ffi.AppEffect
import uniffi.ikd_ffi.AppEvent
import uniffi.ikd_ffi.AppView
import uniffi.ikd_ffi.ScannerView
import java.util.TimeZone

/**
 * The one activity: it draws the view the app flow (Rust, IkdApp) returns and performs its
 * effects; which screen comes next, what an error means and every timer are decided there.
 * Security, all here: FLAG_SECURE before any content (screenshots, screen recording, casting and
 * the recents thumbnail all see black), no recents screenshot on API 33+, and the platform events
 * the flow locks on (leaving the foreground).
 */
class MainActivity : Activity() {
    private val ikd get() = application as IkdApplication
    private val handler = Handler(Looper.getMainLooper())
    private val renderer = Renderer(this) { send(it) }
    private val tick = Runnable { render(ikd.app.tick()) }
    private var drawn: ULong? = null
    private var scanning = false

    /** The view on show (the tests read it). */
    var shown: AppView? = null
        private set

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        window.setFlags(WindowManager.LayoutParams.FLAG_SECURE, WindowManager.LayoutParams.FLAG_SECURE)
        if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.TIRAMISU) setRecentsScreenshotEnabled(false)
        ikd.activity = this
        render(ikd.app.view())
    }

    /** A tap, a key or a platform change: the flow answers with the next view. */
    fun send(event: AppEvent) = render(ikd.app.dispatch(event))

    /** Draws [view] and performs what it asks; always on the main thread. */
    fun render(view: AppView) {
        shown = view
        handler.removeCallbacks(tick)
        view.nextTickAt?.let { at -> handler.postDelayed(tick, (at * 1000 - System.currentTimeMillis()).coerceAtLeast(0)) }
        val attributes = window.attributes
        attributes.screenBrightness = if (view.fullBrightness) {
            WindowManager.LayoutParams.BRIGHTNESS_OVERRIDE_FULL
        } else {
            WindowManager.LayoutParams.BRIGHTNESS_OVERRIDE_NONE
        }
        window.attributes = attributes
        if (view.keepScreenOn) {
            window.addFlags(WindowManager.LayoutParams.FLAG_KEEP_SCREEN_ON)
        } else {
            window.clearFlags(WindowManager.LayoutParams.FLAG_KEEP_SCREEN_ON)
        }
        if (view.revision != drawn) {
            drawn = view.revision
            setContentView(renderer.draw(view))
        }
        for (effect in view.effects) perform(effect)
        scanner(view.scanner)
    }

    private fun perform(effect: AppEffect) {
        when (effect) {
            is AppEffect.RunTask -> ikd.worker.execute {
                val next = ikd.app.runTask(effect.task)
                handler.post { ikd.activity?.render(next) }
            }
            is AppEffect.Announce -> window.decorView.announceForAccessibility(effect.text)
            is AppEffect.ScheduleNotification -> Notifications.schedule(this, effect.kind, effect.at, effect.title, effect.body)
            is AppEffect.CancelNotification -> Notifications.cancel(this, effect.kind)
            is AppEffect.ScheduleReminders -> Notifications.replaceReminders(this, effect.reminders)
            is AppEffect.RequestNotificationPermission -> Notifications.requestPermission(this)
        }
    }

    /** The camera scanner: a scanner app (ZXing's intent) while the view has one open. */
    private fun scanner(scanner: ScannerView?) {
        if (scanner == null || scanning) {
            scanning = scanner != null
            return
        }
        scanning = true
        try {
            startActivityForResult(
                Intent(SCAN_ACTION).putExtra("SCAN_MODE", "QR_CODE_MODE").putExtra("SAVE_HISTORY", false)
                    .putExtra("PROMPT_MESSAGE", scanner.prompt),
                SCAN_REQUEST,
            )
        } catch (e: ActivityNotFoundException) {
            // No scanner app: the flow closes the scanner (the QR text can be pasted instead).
            handler.post { send(AppEvent.ScannerClosed) }
        }
    }

    override fun onActivityResult(requestCode: Int, resultCode: Int, data: Intent?) {
        super.onActivityResult(requestCode, resultCode, data)
        if (requestCode != SCAN_REQUEST) return
        scanning = false
        val text = data?.getStringExtra("SCAN_RESULT")
        // A byte-mode QR (the desk's request is binary) comes as its byte segments too: those are
        // exact, where the text is the scanner's guess at a character set.
        val segments = generateSequence(0) { it + 1 }
            .map { data?.getByteArrayExtra("SCAN_RESULT_BYTE_SEGMENTS_$it") }
            .takeWhile { it != null }
            .filterNotNull()
            .toList()
        send(
            when {
                resultCode != RESULT_OK || text == null -> AppEvent.ScannerClosed
                segments.isNotEmpty() -> AppEvent.ScannedBytes(segments.fold(ByteArray(0)) { all, it -> all + it })
                else -> AppEvent.Scanned(text)
            },
        )
    }

    /** Tells the flow whether the network is unmetered (quiet refresh happens only then). */
    private val network = object : ConnectivityManager.NetworkCallback() {
        override fun onCapabilitiesChanged(network: Network, capabilities: NetworkCapabilities) {
            val unmetered = capabilities.hasCapability(NetworkCapabilities.NET_CAPABILITY_NOT_METERED)
            handler.post { send(AppEvent.NetworkChanged(unmetered)) }
        }

        override fun onLost(network: Network) {
            handler.post { send(AppEvent.NetworkChanged(false)) }
        }
    }

    override fun onStart() {
        super.onStart()
        ikd.activity = this
        send(AppEvent.TimeZoneChanged(TimeZone.getDefault().getOffset(System.currentTimeMillis()) / 1000))
        send(AppEvent.CameToForeground)
        try {
            getSystemService(ConnectivityManager::class.java)?.registerDefaultNetworkCallback(network)
        } catch (e: RuntimeException) {
            // No network state (a restricted profile): the app never refreshes quietly.
        }
    }

    /** Leaving the foreground locks the wallet (in the flow): the keys are wiped from memory. */
    override fun onStop() {
        super.onStop()
        try {
            getSystemService(ConnectivityManager::class.java)?.unregisterNetworkCallback(network)
        } catch (e: RuntimeException) {
            // Never registered.
        }
        if (!isChangingConfigurations) send(AppEvent.WentToBackground)
    }

    override fun onUserInteraction() {
        super.onUserInteraction()
        send(AppEvent.UserActivity)
    }

    override fun onKeyDown(keyCode: Int, event: KeyEvent?): Boolean {
        val back = shown?.back
        if (keyCode == KeyEvent.KEYCODE_BACK && back != null) {
            send(back.event)
            return true
        }
        return super.onKeyDown(keyCode, event)
    }

    override fun onDestroy() {
        handler.removeCallbacksAndMessages(null)
        if (ikd.activity === this) ikd.activity = null
        super.onDestroy()
    }

    companion object {
        const val SCAN_ACTION = "com.google.zxing.client.android.SCAN"
        const val SCAN_REQUEST = 41
    }
}
