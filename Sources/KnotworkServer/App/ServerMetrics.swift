import CoreMetrics
import Prometheus

/// What `/metrics` shows of one server: its requests by route and status, how long they took
/// to answer, the live sessions it drives and how late their cues went out.
///
/// Recorded through swift-metrics into a Prometheus registry the server owns, never the
/// process-wide `MetricsSystem`: tests run many servers in one process, and each must count
/// only its own. `knotwork serve` hands the same registry to `MetricsSystem` once, so that
/// libraries' metrics show too.
struct ServerMetrics: Sendable {
    let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory
    /// Live sessions this instance holds in memory (several instances each count their own).
    let liveSessions: any RecorderHandler
    /// How late the hub's timer moved a session past its deadline, in the session's clock.
    let cueLateness: any TimerHandler
    /// The database pool: connections in use (or waited for) and the most it opens.
    let poolInUse: any RecorderHandler
    let poolCapacity: any RecorderHandler
    /// Live sessions this instance took over from another whose lease had expired.
    let takeovers: any CounterHandler

    static let requestsName = "knotwork_http_requests_total"
    static let durationName = "knotwork_http_request_duration_seconds"
    static let liveSessionsName = "knotwork_live_sessions"
    static let cueLatenessName = "knotwork_cue_lateness_seconds"
    static let takeoversName = "knotwork_live_takeovers_total"
    static let poolInUseName = "knotwork_database_connections_in_use"
    static let poolCapacityName = "knotwork_database_connections_max"

    init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
        var factory = PrometheusMetricsFactory(registry: registry)
        // A cue is late by milliseconds when all is well; the default buckets start at 5 ms.
        factory.durationHistogramBuckets[Self.cueLatenessName] = [
            .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(50), .milliseconds(100), .milliseconds(250),
            .milliseconds(500), .seconds(1), .seconds(2), .seconds(5),
        ]
        self.factory = factory
        // The factory's own methods, not `Counter(label:factory:)`: those came in a later
        // swift-metrics than the one this package allows.
        liveSessions = factory.makeRecorder(label: Self.liveSessionsName, dimensions: [], aggregate: false)
        cueLateness = factory.makeTimer(label: Self.cueLatenessName, dimensions: [])
        takeovers = factory.makeCounter(label: Self.takeoversName, dimensions: [])
        poolInUse = factory.makeRecorder(label: Self.poolInUseName, dimensions: [], aggregate: false)
        poolCapacity = factory.makeRecorder(label: Self.poolCapacityName, dimensions: [], aggregate: false)
        // Shown from the start, at zero, rather than only once the first session is created.
        liveSessions.record(Int64(0))
    }

    /// Counts a request answered, and how long the answer took to start.
    /// - Parameters:
    ///   - route: the matched route's pattern (`/api/v1/live/{id}`), never the raw path, so
    ///     that ids do not make a series each.
    ///   - nanoseconds: from the request's arrival to its response's head.
    func request(route: String, method: String, status: Int, nanoseconds: Int64) {
        // The registry hands back the series it has for the same name and labels.
        factory.makeCounter(label: Self.requestsName, dimensions: [("route", route), ("method", method), ("status", String(status))])
            .increment(by: 1)
        factory.makeTimer(label: Self.durationName, dimensions: [("route", route), ("method", method)]).recordNanoseconds(nanoseconds)
    }

    /// The registry's series in Prometheus' text format.
    func text() -> [UInt8] {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }
}

extension Duration {
    /// The whole nanoseconds of a duration, for swift-metrics' timers.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
