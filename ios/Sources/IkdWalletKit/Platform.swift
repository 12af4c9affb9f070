// What the model needs from the platform, injected so the model runs (and is tested) without
// UIKit: the clock that drives countdowns and frame rotation, and the screen brightness.

import Foundation

/// The model's clock. The app uses the system clock and calls `AppModel.tick()` once a second;
/// tests use a clock they move by hand.
public protocol ModelClock: Sendable {
    /// Now, in unix seconds.
    func nowUnix() -> Int64
}

/// The real wall clock.
public struct SystemModelClock: ModelClock {
    public init() {}
    public func nowUnix() -> Int64 { Int64(Date().timeIntervalSince1970) }
}

/// Platform powers the model asks for; the app implements them with UIKit.
@MainActor
public protocol PlatformHooks: AnyObject {
    /// Full screen brightness while a QR code is shown (true), the user's own brightness again
    /// (false). Called only when the wish changes.
    func setFullBrightness(_ on: Bool)
}

/// For previews and for platforms without a screen brightness.
@MainActor
public final class NoPlatformHooks: PlatformHooks {
    public init() {}
    public func setFullBrightness(_ on: Bool) {}
}
