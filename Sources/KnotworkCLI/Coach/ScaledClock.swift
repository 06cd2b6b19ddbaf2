/// The real clock run `speed` times faster, for `knotwork start --speed N`: demos and tests
/// get a whole session in a fraction of the time, with the same schedule.
struct ScaledClock: Clock {
    struct Instant: InstantProtocol {
        /// Scaled time since the clock was made.
        let offset: Duration
        func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    let speed: Double
    private let base = ContinuousClock()
    private let origin: ContinuousClock.Instant

    init(speed: Double) {
        self.speed = speed
        origin = base.now
    }

    var now: Instant { Instant(offset: origin.duration(to: base.now) * speed) }
    var minimumResolution: Duration { base.minimumResolution * speed }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        try await base.sleep(until: origin.advanced(by: deadline.offset / speed), tolerance: nil)
    }
}
