import Foundation
import KnotworkCore

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

    /// The speeds `--speed` takes, for `knotwork start` and `knotwork serve` alike.
    public static let speedRange: ClosedRange<Double> = 0.1...1000

    /// Reads a speed as typed.
    /// - Throws: ``InputError`` (field `speed`) naming ``speedRange``.
    public static func parseSpeed(_ text: String) throws(InputError) -> Double {
        guard let value = Double(text.trimmingCharacters(in: .whitespaces)), speedRange.contains(value) else {
            let range = "\(String(format: "%g", speedRange.lowerBound)) to \(String(format: "%g", speedRange.upperBound))"
            throw InputError(field: "speed", value: text, problem: "'\(text)' is not a speed from \(range)")
        }
        return value
    }

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
