package id.go.ikd.wallet

import android.app.AlarmManager
import android.app.Notification
import android.app.NotificationChannel
import android.app.NotificationManager
import android.app.PendingIntent
import android.content.BroadcastReceiver
import android.content.Context
import android.content.Intent
import uniffi.ikd_ffi.NotificationKind

/**
 * The local notifications the flow asks for (ScheduleNotification / CancelNotification): an
 * inexact alarm per kind that posts the flow's title and body. No personal data is in them.
 * Without the notification permission (API 33+) Android drops the post; nothing else changes.
 */
object Notifications {
    private const val CHANNEL = "ikd-reminders"
    private const val TITLE = "title"
    private const val BODY = "body"
    private const val KIND = "kind"

    private fun pending(context: Context, kind: NotificationKind, title: String = "", body: String = ""): PendingIntent =
        PendingIntent.getBroadcast(
            context, kind.ordinal,
            Intent(context, Receiver::class.java).putExtra(KIND, kind.ordinal).putExtra(TITLE, title).putExtra(BODY, body),
            PendingIntent.FLAG_IMMUTABLE or PendingIntent.FLAG_UPDATE_CURRENT,
        )

    fun schedule(context: Context, kind: NotificationKind, at: Long, title: String, body: String) {
        context.getSystemService(AlarmManager::class.java)
            ?.set(AlarmManager.RTC, at * 1000, pending(context, kind, title, body))
    }

    fun cancel(context: Context, kind: NotificationKind) {
        context.getSystemService(AlarmManager::class.java)?.cancel(pending(context, kind))
        context.getSystemService(NotificationManager::class.java)?.cancel(kind.ordinal)
    }

    /** Posts a scheduled notification when its alarm fires. */
    class Receiver : BroadcastReceiver() {
        override fun onReceive(context: Context, intent: Intent) {
            val manager = context.getSystemService(NotificationManager::class.java) ?: return
            val title = intent.getStringExtra(TITLE) ?: return
            manager.createNotificationChannel(NotificationChannel(CHANNEL, title, NotificationManager.IMPORTANCE_DEFAULT))
            val open = PendingIntent.getActivity(
                context, 0, Intent(context, MainActivity::class.java), PendingIntent.FLAG_IMMUTABLE,
            )
            manager.notify(
                intent.getIntExtra(KIND, 0),
                Notification.Builder(context, CHANNEL)
                    .setSmallIcon(android.R.drawable.ic_lock_idle_lock)
                    .setContentTitle(title)
                    .setContentText(intent.getStringExtra(BODY))
                    .setContentIntent(open)
                    .setAutoCancel(true)
                    .build(),
            )
        }
    }
}
