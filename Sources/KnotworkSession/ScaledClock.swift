/// The real clock run `speed` times faster, for `--speed N` in the coach and the server: demos
/// and tests get a whole session in a fraction of the time, on the same schedule. At speed 1 it
/// is the continuous clock.
public struct ScaledClock: Clock {
    public struct Instant: InstantProtocol {
        /// Scaled time since the clock was made.
        public let offset: Duration
        public func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        public func duration(to other: Instant) -> Duration { other.offset - offset }
        public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    public let speed: Double
    private let base = ContinuousClock()
    private let origin: ContinuousClock.Instant

    public init(speed: Double = 1) {
        self.speed = speed
        origin = base.now
    }

    public var now: Instant { Instant(offset: origin.duration(to: base.now) * speed) }
    public var minimumResolution: Duration { base.minimumResolution * speed }

    public func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        try await base.sleep(until: origin.advanced(by: deadline.offset / speed), tolerance: nil)
    }
}
