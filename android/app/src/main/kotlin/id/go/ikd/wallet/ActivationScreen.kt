package id.go.ikd.wallet

import android.app.Activity
import android.content.ActivityNotFoundException
import android.content.ClipboardManager
import android.content.Intent
import android.view.View
import android.widget.EditText
import android.widget.FrameLayout
import android.widget.TextView
import uniffi.ikd_ffi.PinPad
import uniffi.ikd_ffi.WalletException
import uniffi.ikd_ffi.WalletState

/**
 * Activation, as at the Dukcapil office: the officer's QR (scanned by a scanner app, or pasted)
 * and the NIK, checked offline by the core, which names the server; then the e-mailed code and
 * a new PIN twice on the app's keypad; then the core activates against the server.
 * Tags: qr_text, scan, paste, nik, continue, server, code, step, status, and the keypad's.
 */
class ActivationScreen(activity: MainActivity) : Screen(activity) {
    override val needsSession = false
    private enum class Step { FORM, PIN, CONFIRM, WORKING }

    private val pin = PinPad()
    private val confirm = PinPad()
    private var step = Step.FORM
    private val qr = Ui.field(activity, activity.text(R.string.activation_qr_label), "qr_text", digits = false)
    private val nik = Ui.field(activity, activity.text(R.string.nik_label), "nik", digits = true)
    private val code = Ui.field(activity, activity.text(R.string.activation_code_label), "code", digits = false)
    private val server = Ui.body(activity, tag = "server")
    private val status = Ui.status(activity, "status")
    private lateinit var prompt: TextView
    private lateinit var holder: FrameLayout
    private lateinit var form: View
    private var keypad: PinPadView? = null

    override fun build(): View {
        val column = Ui.column(activity)
        column.addView(Ui.title(activity, text(R.string.activation_title)))
        column.addView(status)
        val first = Ui.column(activity).apply { setPadding(0, 0, 0, 0) }
        first.addView(Ui.body(activity, text(R.string.activation_intro)))
        first.addView(Ui.button(activity, text(R.string.activation_scan), "scan") { scan() })
        first.addView(qr)
        first.addView(Ui.button(activity, text(R.string.activation_paste), "paste") { paste() })
        first.addView(nik)
        first.addView(Ui.button(activity, text(R.string.activation_continue), "continue") { check() })
        form = first
        column.addView(first)
        column.addView(server)
        column.addView(code)
        prompt = Ui.body(activity, tag = "step")
        column.addView(prompt)
        holder = FrameLayout(activity)
        column.addView(holder)
        go(Step.FORM)
        return Ui.screen(activity, column)
    }

    private fun go(next: Step) {
        step = next
        Ui.visible(form, next == Step.FORM)
        for (view in listOf(server, code, prompt, holder)) Ui.visible(view, next != Step.FORM)
        code.isEnabled = next != Step.WORKING
        holder.removeAllViews()
        keypad = null
        when (next) {
            Step.FORM -> {}
            Step.PIN -> {
                pin.clear()
                confirm.clear()
                prompt.text = text(R.string.activation_create_pin) + "\n" + text(R.string.activation_pin_hint)
                keypad = PinPadView(activity, pin) { pinEntered() }.also { holder.addView(it) }
            }
            Step.CONFIRM -> {
                confirm.clear()
                prompt.text = text(R.string.activation_confirm_pin)
                keypad = PinPadView(activity, confirm) { activate() }.also { holder.addView(it) }
            }
            Step.WORKING -> prompt.text = text(R.string.activation_working)
        }
    }

    private fun say(message: String?) {
        status.text = message ?: ""
        Ui.visible(status, message != null)
    }

    private fun value(field: EditText) = field.text.toString().trim()

    /** Offline: is this an activation QR, is the NIK valid, which server is it? */
    private fun check() {
        try {
            val target = activity.wallet.checkActivation(value(qr), value(nik))
            server.text = text(R.string.activation_server, target.serverHost)
            say(null)
            go(Step.PIN)
        } catch (e: WalletException) {
            say(activity.explain(e))
        }
    }

    private fun pinEntered() {
        try {
            activity.wallet.checkNewPin(pin, value(nik))
            say(null)
            go(Step.CONFIRM)
        } catch (e: WalletException) {
            say(activity.explain(e))
            go(Step.PIN)
        }
    }

    private fun activate() {
        go(Step.WORKING)
        val qrText = value(qr)
        val nikText = value(nik)
        val codeText = value(code)
        activity.background({ activity.wallet.activate(qrText, nikText, codeText, pin, confirm) }) { result ->
            result.onSuccess { activity.route() }.onFailure { error ->
                if (activity.wallet.state() !is WalletState.NotActivated) {
                    // Activated, but locked meanwhile (the app went to the background): PIN pad.
                    activity.route()
                    return@onFailure
                }
                say(activity.explain(error))
                when (error) {
                    is WalletException.InvalidActivationQr, is WalletException.InvalidNik -> go(Step.FORM)
                    is WalletException.AlreadyActivated -> activity.route()
                    else -> go(Step.PIN)
                }
            }
        }
    }

    private fun paste() {
        val clipboard = activity.getSystemService(ClipboardManager::class.java)
        val text = clipboard?.primaryClip?.takeIf { it.itemCount > 0 }?.getItemAt(0)?.coerceToText(activity)
        if (text != null) qr.setText(text.toString().trim())
    }

    /** A scanner app (ZXing's intent); the in-app camera is planned (docs/android.md). */
    private fun scan() {
        try {
            activity.startActivityForResult(
                Intent(SCAN_ACTION).putExtra("SCAN_MODE", "QR_CODE_MODE").putExtra("SAVE_HISTORY", false),
                SCAN_REQUEST,
            )
        } catch (e: ActivityNotFoundException) {
            SecureDialogs.message(activity, text(R.string.activation_scan), text(R.string.activation_no_scanner), text(R.string.ok))
        }
    }

    override fun result(requestCode: Int, resultCode: Int, data: Intent?) {
        if (requestCode != SCAN_REQUEST || resultCode != Activity.RESULT_OK) return
        data?.getStringExtra("SCAN_RESULT")?.let { qr.setText(it.trim()) }
    }

    override fun restart() {
        if (activity.wallet.state() !is WalletState.NotActivated) activity.route()
    }

    /** Typed PIN digits never outlive a trip to the background (e.g. to read the e-mail). */
    override fun stop() {
        if (step == Step.PIN || step == Step.CONFIRM) go(Step.PIN)
    }

    override fun leave() {
        pin.destroy()
        confirm.destroy()
    }

    override fun back(): Boolean {
        if (step == Step.PIN || step == Step.CONFIRM) {
            go(Step.FORM)
            return true
        }
        return false
    }

    companion object {
        const val SCAN_ACTION = "com.google.zxing.client.android.SCAN"
        const val SCAN_REQUEST = 41
    }
}
