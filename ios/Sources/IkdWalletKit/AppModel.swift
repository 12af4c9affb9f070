// The app's model: a thin adapter over the Rust app flow (IkdApp). It holds the view to draw,
// forwards events, runs the slow tasks off the main actor, calls tick() when the view says and
// performs the view's effects. Which screen follows, what an error means, every countdown and
// deadline are decided in Rust; nothing here reads the view to choose what to do.

import Foundation

@MainActor
public final class AppModel {
    /// The view to draw. `onChange` runs after each new one.
    public private(set) var view: AppView {
        didSet { if view != oldValue { onChange?() } }
    }

    /// Set by the view layer (an ObservableObject on Apple platforms).
    public var onChange: (@MainActor () -> Void)?

    private let app: IkdApp
    private let platform: PlatformHooks
    private var fullBrightness = false
    private var keepScreenOn = false
    private var timer: Task<Void, Never>?
    private var tasks: [UInt64: Task<Void, Never>] = [:]

    /// Opens the wallet in `folder` (never fails: a wallet that cannot be opened is a screen).
    public init(folder: String, keystore: HardwareKeystore, platform: PlatformHooks) {
        app = IkdApp.open(folder: folder, keystore: keystore)
        self.platform = platform
        view = app.view()
        render(view)
    }

    /// A tap, a typed digit or text, a scanned code, a platform change.
    public func send(_ event: AppEvent) {
        render(app.dispatch(event: event))
    }

    /// Waits for the slow tasks started so far and the views they returned.
    public func tasksFinished() async {
        while let task = tasks.values.first {
            await task.value
        }
    }

    private func render(_ next: AppView) {
        for effect in next.effects {
            perform(effect)
        }
        // A task's view may arrive after a newer one (drawn meanwhile): its effects count, its
        // drawing does not.
        guard next.revision >= view.revision else { return }
        if next.fullBrightness != fullBrightness {
            fullBrightness = next.fullBrightness
            platform.setFullBrightness(fullBrightness)
        }
        if next.keepScreenOn != keepScreenOn {
            keepScreenOn = next.keepScreenOn
            platform.setKeepScreenOn(keepScreenOn)
        }
        schedule(tickAt: next.nextTickAt)
        view = next
    }

    private func perform(_ effect: AppEffect) {
        switch effect {
        case .runTask(let task):
            let app = self.app
            // The KDF or the network: seconds, never on the main actor.
            tasks[task.id] = Task.detached(priority: .userInitiated) { [weak self] in
                let next = app.runTask(task: task)
                await self?.finished(task.id, next)
            }
        case .announce(let text):
            platform.announce(text)
        case .scheduleNotification(let kind, let at, let title, let body):
            platform.scheduleNotification(kind: kind, at: at, title: title, body: body)
        case .cancelNotification(let kind):
            platform.cancelNotification(kind: kind)
        case .scheduleReminders(let reminders):
            platform.replaceReminders(reminders)
        case .requestNotificationPermission:
            platform.requestNotificationPermission()
        }
    }

    private func finished(_ id: UInt64, _ next: AppView) {
        tasks[id] = nil
        render(next)
    }

    /// One timer, replaced by every view: tick() at `tickAt` (unix seconds).
    private func schedule(tickAt: Int64?) {
        timer?.cancel()
        timer = nil
        guard let tickAt else { return }
        let delay = max(0, Double(tickAt) - Date().timeIntervalSince1970)
        timer = Task { [weak self] in
            try? await Task.sleep(nanoseconds: UInt64(delay * 1_000_000_000))
            guard !Task.isCancelled, let self else { return }
            self.render(self.app.tick())
        }
    }
}
