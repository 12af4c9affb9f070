package id.go.ikd.wallet

import android.view.View
import uniffi.ikd_ffi.ReactivationCause
import uniffi.ikd_ffi.WalletException

/**
 * After the crypto-erase (10 wrong PINs) or damaged data: the core's explanation, then a reset
 * (confirmed in a secure dialog) and activation again. Tags: reason, start.
 */
class ReactivationScreen(activity: MainActivity, private val cause: ReactivationCause) : Screen(activity) {
    override val needsSession = false

    override fun build(): View {
        val column = Ui.column(activity)
        column.addView(Ui.title(activity, text(R.string.reactivation_title)))
        column.addView(Ui.body(activity, activity.explain(WalletException.NeedsReactivation(cause)), "reason"))
        column.addView(
            Ui.button(activity, text(R.string.reactivation_start), "start") {
                SecureDialogs.confirm(activity, text(R.string.reactivation_confirm), text(R.string.ok), text(R.string.cancel)) {
                    activity.wallet.reset()
                    activity.route()
                }
            },
        )
        return Ui.screen(activity, column)
    }
}
