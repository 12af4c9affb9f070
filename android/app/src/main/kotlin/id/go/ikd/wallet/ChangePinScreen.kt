package id.go.ikd.wallet

import android.view.View
import android.widget.FrameLayout
import android.widget.TextView
import uniffi.ikd_ffi.PinPad
import uniffi.ikd_ffi.WalletException

/**
 * Old PIN, new PIN (the core's rules checked at once), the new PIN again; then the core re-wraps
 * the key. Every error text is the core's. Tags: step, status, and the keypad's.
 */
class ChangePinScreen(activity: MainActivity) : Screen(activity) {
    private enum class Step { OLD, NEW, CONFIRM }

    private val old = PinPad()
    private val new = PinPad()
    private val confirm = PinPad()
    private var step = Step.OLD
    private lateinit var prompt: TextView
    private val status = Ui.status(activity, "status")
    private lateinit var holder: FrameLayout
    private var keypad: PinPadView? = null

    override fun build(): View {
        val column = Ui.column(activity)
        column.addView(Ui.title(activity, text(R.string.change_pin_title)))
        prompt = Ui.body(activity, tag = "step")
        column.addView(prompt)
        column.addView(status)
        holder = FrameLayout(activity)
        column.addView(holder)
        column.addView(Ui.button(activity, text(R.string.cancel), "back") { back() })
        go(Step.OLD)
        return Ui.screen(activity, column)
    }

    private fun go(next: Step) {
        step = next
        prompt.text = text(
            when (next) {
                Step.OLD -> R.string.change_pin_old
                Step.NEW -> R.string.change_pin_new
                Step.CONFIRM -> R.string.change_pin_confirm
            },
        )
        val pad = when (next) {
            Step.OLD -> old
            Step.NEW -> new
            Step.CONFIRM -> confirm
        }
        pad.clear()
        holder.removeAllViews()
        keypad = PinPadView(activity, pad) { entered(next) }.also { holder.addView(it) }
    }

    private fun say(message: String?) {
        status.text = message ?: ""
        Ui.visible(status, message != null)
    }

    private fun entered(at: Step) {
        when (at) {
            Step.OLD -> {
                say(null)
                go(Step.NEW)
            }
            Step.NEW -> try {
                activity.wallet.checkNewPin(new, null)
                say(null)
                go(Step.CONFIRM)
            } catch (e: WalletException) {
                say(activity.explain(e))
                go(Step.NEW)
            }
            Step.CONFIRM -> change()
        }
    }

    private fun change() {
        keypad?.setKeysEnabled(false)
        say(text(R.string.working))
        activity.background({ activity.wallet.changePin(old, new, confirm) }) { result ->
            result.onSuccess {
                activity.show(HomeScreen(activity, text(R.string.change_pin_done)))
            }.onFailure { error ->
                say(activity.explain(error))
                when (error) {
                    is WalletException.PinRejected, is WalletException.PinsDiffer -> go(Step.NEW)
                    is WalletException.Locked, is WalletException.NeedsReactivation -> activity.route()
                    else -> go(Step.OLD)
                }
            }
        }
    }

    override fun stop() {
        for (pad in listOf(old, new, confirm)) pad.clear()
        if (::holder.isInitialized) go(Step.OLD)
    }

    override fun leave() {
        for (pad in listOf(old, new, confirm)) pad.destroy()
    }

    override fun back(): Boolean {
        activity.show(HomeScreen(activity))
        return true
    }
}
