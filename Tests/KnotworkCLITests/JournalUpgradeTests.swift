import Foundation
import GRDB
import Testing

@testable import KnotworkJournal

@Suite("a journal made by an earlier version (the real binary)")
struct JournalUpgradeTests {
    @Test("the first open by this version says it brings the journal up to date, once; a new journal says nothing")
    func saysOnce() async throws {
        let scratch = try Scratch()
        let db = scratch.path("old.sqlite")
        // A journal as the version before accounts left it: its migrations up to v3.
        let old = try DatabaseQueue(path: db)
        try JournalSchema.migrator.migrate(old, upTo: "v3: check-ins, and the session each screening was used for")
        try old.close()
        let line = "knotwork: bringing the journal at \(db) up to date for this version"

        let first = try await Binary.run(["history", "--db", db, "--since", "all"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains(line), "\(first.stderr)")
        let again = try await Binary.run(["history", "--db", db, "--since", "all"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(!again.stderr.contains("bringing the journal"), "\(again.stderr)")

        let fresh = try await Binary.run(["history", "--db", scratch.path("new.sqlite"), "--since", "all"])
        #expect(fresh.status == 0, "\(fresh.stderr)")
        #expect(!fresh.stderr.contains("bringing the journal"), "\(fresh.stderr)")
    }
}
