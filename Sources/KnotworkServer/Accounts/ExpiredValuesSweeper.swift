import Foundation
import KnotworkJournal
import ServiceLifecycle

/// Removes expired sign-in sessions and limit counters from the journal, at start and then
/// every hour, so that the table holds what is live and not every sign-in there ever was.
struct ExpiredValuesSweeper: Service {
    let store: any AccountStore
    let now: @Sendable () -> Date
    static let interval: Duration = .seconds(3600)

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                _ = try? await store.removeExpiredValues(now: now())
                try await Task.sleep(for: Self.interval)
            }
        }
    }
}
