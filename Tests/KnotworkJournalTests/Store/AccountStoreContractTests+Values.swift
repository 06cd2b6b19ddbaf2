import Foundation
import KnotworkJournal
import Testing

/// Values with an expiry: what sign-in sessions and rate limits are kept in.
extension AccountStoreContractTests {
    @Test("values read back with their expiry, to the millisecond, and are invisible once expired", arguments: StoreFactory.all)
    func values(_ factory: StoreFactory) async throws {
        let store = try await factory.accounts()
        let now = november(1)
        let expires = now.addingTimeInterval(90.25)
        #expect(try await store.putValue(Data("one".utf8), key: "k", expires: expires, replacing: true, now: now))
        let read = try #require(try await store.value(key: "k", now: now))
        #expect(read.value == Data("one".utf8) && read.expires == expires)
        #expect(try await store.value(key: "k", now: expires.addingTimeInterval(-0.001)) != nil)
        #expect(try await store.value(key: "k", now: expires) == nil, "expired at its expiry")
        #expect(try await store.putValue(Data("forever".utf8), key: "f", expires: nil, replacing: true, now: now))
        #expect(try await store.value(key: "f", now: november(30))?.expires == .some(nil))
        try await store.removeValue(key: "f")
        #expect(try await store.value(key: "f", now: now) == nil)
        try await store.removeValue(key: "never-there")
    }

    @Test("create-if-absent refuses a live value and takes the place of an expired one", arguments: StoreFactory.all)
    func createIfAbsent(_ factory: StoreFactory) async throws {
        let store = try await factory.accounts()
        let now = november(1)
        #expect(try await store.putValue(Data("a".utf8), key: "k", expires: now.addingTimeInterval(60), replacing: false, now: now))
        #expect(try await store.putValue(Data("b".utf8), key: "k", expires: nil, replacing: false, now: now) == false)
        #expect(try await store.value(key: "k", now: now)?.value == Data("a".utf8))
        let later = now.addingTimeInterval(61)
        #expect(try await store.putValue(Data("c".utf8), key: "k", expires: nil, replacing: false, now: later))
        let read = try #require(try await store.value(key: "k", now: later))
        #expect(read.value == Data("c".utf8) && read.expires == nil)
    }

    @Test("replacing with no expiry keeps a live value's expiry, not an expired one's", arguments: StoreFactory.all)
    func replacingKeepsExpiry(_ factory: StoreFactory) async throws {
        let store = try await factory.accounts()
        let now = november(1)
        let expires = now.addingTimeInterval(60)
        _ = try await store.putValue(Data("a".utf8), key: "k", expires: expires, replacing: true, now: now)
        #expect(try await store.putValue(Data("b".utf8), key: "k", expires: nil, replacing: true, now: now))
        let read = try #require(try await store.value(key: "k", now: now))
        #expect(read.value == Data("b".utf8) && read.expires == expires)
        let moved = now.addingTimeInterval(600)
        _ = try await store.putValue(Data("c".utf8), key: "k", expires: moved, replacing: true, now: now)
        #expect(try await store.value(key: "k", now: now)?.expires == moved, "a given expiry replaces the old one")

        let late = moved.addingTimeInterval(1)
        #expect(try await store.putValue(Data("d".utf8), key: "k", expires: nil, replacing: true, now: late))
        #expect(try await store.value(key: "k", now: november(30))?.value == Data("d".utf8), "an expired value's expiry is not kept")
    }

    @Test("removing expired values leaves the live ones and those with no expiry", arguments: StoreFactory.all)
    func removeExpired(_ factory: StoreFactory) async throws {
        let store = try await factory.accounts()
        let now = november(1)
        for (key, seconds) in [("gone", -5.0), ("at-now", 0), ("live", 5)] {
            _ = try await store.putValue(
                Data(key.utf8), key: key, expires: now.addingTimeInterval(seconds), replacing: true, now: november(1, 0))
        }
        _ = try await store.putValue(Data("kept".utf8), key: "kept", expires: nil, replacing: true, now: now)
        #expect(try await store.removeExpiredValues(now: now) == 2)
        #expect(try await store.removeExpiredValues(now: now) == 0)
        #expect(try await store.value(key: "live", now: november(1, 0)) != nil)
        #expect(try await store.value(key: "gone", now: november(1, 0)) == nil, "removed, not only invisible")
        #expect(try await store.value(key: "kept", now: now) != nil)
    }

    @Test("an event count grows within its window and starts again after it", arguments: StoreFactory.all)
    func countEvents(_ factory: StoreFactory) async throws {
        let store = try await factory.accounts()
        let start = november(1)
        var counts: [Int] = []
        for second in [0.0, 10, 59.5] {
            counts.append(try await store.countEvent(key: "login:ada", window: .seconds(60), now: start.addingTimeInterval(second)))
        }
        #expect(counts == [1, 2, 3])
        #expect(try await store.countEvent(key: "login:bob", window: .seconds(60), now: start) == 1, "each key counts apart")
        let stored = try #require(try await store.value(key: "login:ada", now: start))
        #expect(try JSONDecoder().decode(Int.self, from: stored.value) == 3, "the count reads as JSON")
        #expect(stored.expires == start.addingTimeInterval(60), "a window from its first event, not moved by later ones")
        #expect(try await store.countEvent(key: "login:ada", window: .seconds(60), now: start.addingTimeInterval(60)) == 1)
        #expect(try await store.countEvent(key: "login:ada", window: .seconds(60), now: start.addingTimeInterval(61)) == 2)
    }

    @Test("fifty events counted at once are fifty", arguments: StoreFactory.all)
    func concurrentCounts(_ factory: StoreFactory) async throws {
        let store = try await factory.accounts()
        let counts = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<50 {
                group.addTask { try await store.countEvent(key: "api:ada", window: .seconds(60), now: november(1)) }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(counts.sorted() == Array(1...50), "each call saw its own count")
        #expect(try await store.countEvent(key: "api:ada", window: .seconds(60), now: november(1)) == 51)
    }
}
