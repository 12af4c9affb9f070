package id.go.ikd.wallet

import android.view.View
import uniffi.ikd_ffi.PinPad
import uniffi.ikd_ffi.WalletException
import uniffi.ikd_ffi.WalletState
import uniffi.ikd_ffi.waitText

/**
 * Unlock. Always shows the attempts left; while the core says wait, the keypad is off and the
 * countdown is re-read from the core every second (the core owns the deadline and its clock).
 * Tags: status, attempts, countdown, and the keypad's.
 */
class PinScreen(activity: MainActivity) : Screen(activity) {
    override val needsSession = false
    private val pad = PinPad()
    private lateinit var keypad: PinPadView
    private val status = Ui.status(activity, "status")
    private val attempts = Ui.body(activity, tag = "attempts")
    private val countdown = Ui.status(activity, "countdown")
    private var checking = false
    private val tick = Runnable { showLockoutOrRoute() }

    override fun build(): View {
        val column = Ui.column(activity)
        column.addView(Ui.title(activity, text(R.string.unlock_title)))
        column.addView(attempts)
        column.addView(countdown)
        column.addView(status)
        keypad = PinPadView(activity, pad) { unlock() }
        column.addView(keypad)
        return Ui.screen(activity, column)
    }

    override fun enter() = showLockout()

    override fun restart() = showLockout()

    override fun stop() {
        activity.handler.removeCallbacks(tick)
        pad.clear()
        keypad.refresh()
    }

    override fun leave() {
        activity.handler.removeCallbacks(tick)
        pad.destroy()
    }

    private fun unlock() {
        checking = true
        keypad.setKeysEnabled(false)
        Ui.visible(status, true)
        status.text = text(R.string.checking_pin)
        activity.background({ activity.wallet.unlock(pad) }) { result ->
            checking = false
            keypad.refresh()
            result.onSuccess { activity.route() }.onFailure { error ->
                status.text = activity.explain(error)
                if (activity.wallet.state() is WalletState.NeedsReactivation) {
                    activity.route() // the tenth wrong PIN erased the wallet
                } else {
                    showLockoutOrRoute()
                }
            }
        }
    }

    /** Outside show(): if the core cannot answer (erased, damaged meanwhile), ask it again. */
    private fun showLockoutOrRoute() {
        try {
            showLockout()
        } catch (e: WalletException) {
            activity.route()
        }
    }

    /** Attempts left and the wait, as the core says now; ticks each second while waiting. */
    private fun showLockout() {
        activity.handler.removeCallbacks(tick)
        val info = activity.wallet.lockout()
        attempts.text = text(R.string.attempts_left, info.attemptsLeft.toInt())
        val waiting = info.waitSeconds > 0uL
        Ui.visible(countdown, waiting)
        if (waiting) {
            countdown.text = text(R.string.wait_countdown, activity.pick(waitText(info.waitSeconds)))
            activity.handler.postDelayed(tick, 1000)
        }
        keypad.setKeysEnabled(!waiting && !checking)
    }
}
