package id.go.ikd.wallet

import android.Manifest
import android.app.Activity
import android.app.AlarmManager
import android.app.Notification
import android.app.NotificationChannel
import android.app.NotificationManager
import android.app.PendingIntent
import android.content.BroadcastReceiver
import android.content.Context
import android.content.Intent
import android.content.pm.PackageManager
import android.os.Build
import uniffi.ikd_ffi.NotificationKind
import uniffi.ikd_ffi.ReminderNotification

/**
 * The local notifications the flow asks for (ScheduleNotification / CancelNotification): an
 * inexact alarm per kind that posts the flow's title and body. No personal data is in them.
 * Without the notification permission (API 33+) Android drops the post; nothing else changes.
 */
object Notifications {
    /** The request code of the permission dialog (its answer needs no handling: Android keeps it). */
    private const val PERMISSION_REQUEST = 7

    /**
     * RequestNotificationPermission: Android 13 and later ask at run time; before that the
     * permission came with the install, and a granted one is not asked again.
     */
    fun requestPermission(activity: Activity) {
        if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.TIRAMISU &&
            activity.checkSelfPermission(Manifest.permission.POST_NOTIFICATIONS) != PackageManager.PERMISSION_GRANTED
        ) {
            activity.requestPermissions(arrayOf(Manifest.permission.POST_NOTIFICATIONS), PERMISSION_REQUEST)
        }
    }

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

    /** Request codes of the expiry reminders: after every notification kind, one per reminder. */
    private const val REMINDER_BASE = 100
    /** More than the flow ever asks for (two per expiry day); older ones beyond it are cancelled. */
    private const val MAX_REMINDERS = 32

    private fun reminder(context: Context, index: Int, title: String = "", body: String = ""): PendingIntent =
        PendingIntent.getBroadcast(
            context, REMINDER_BASE + index,
            Intent(context, Receiver::class.java).putExtra(KIND, REMINDER_BASE + index).putExtra(TITLE, title).putExtra(BODY, body),
            PendingIntent.FLAG_IMMUTABLE or PendingIntent.FLAG_UPDATE_CURRENT,
        )

    /** ScheduleReminders: the flow's list replaces every expiry reminder scheduled before. */
    fun replaceReminders(context: Context, reminders: List<ReminderNotification>) {
        val alarms = context.getSystemService(AlarmManager::class.java) ?: return
        for (index in 0 until MAX_REMINDERS) alarms.cancel(reminder(context, index))
        reminders.take(MAX_REMINDERS).forEachIndexed { index, each ->
            alarms.set(AlarmManager.RTC, each.at * 1000, reminder(context, index, each.title, each.body))
        }
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
