import Foundation
import Testing

/// The journal and what Knotwork writes from it are readable by their owner only.
@Suite("File permissions (the real binary)")
struct PermissionTests {
    func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? Int ?? -1) & 0o777
    }

    @Test("a new journal, its -wal and -shm, the default folder and an export are 0600 / 0700, whatever the umask")
    func newFiles() async throws {
        let scratch = try Scratch()
        let db = scratch.path("j.sqlite")
        let log = try await Binary.run(["log", "--db", db, "--pain-before", "5", "--pain-after", "3"])
        #expect(log.status == 0, "\(log.stderr)")
        for file in [db, db + "-wal", db + "-shm"] where FileManager.default.fileExists(atPath: file) {
            #expect(try mode(file) == 0o600, "\(file)")
        }
        let export = try await Binary.run(["export", "--db", db, "--format", "csv", "--output", scratch.path("out.csv")])
        #expect(export.status == 0, "\(export.stderr)")
        #expect(try mode(scratch.path("out.csv")) == 0o600)

        let data = scratch.path("data")
        let own = try await Binary.run(["log", "--pain", "4"], environment: ["XDG_DATA_HOME": data])
        #expect(own.status == 0, "\(own.stderr)")
        #expect(try mode(data + "/knotwork") == 0o700)
        #expect(try mode(data + "/knotwork/journal.sqlite") == 0o600)
    }

    @Test("a journal open to other users is tightened on open, with one line saying so")
    func looseJournal() async throws {
        let scratch = try Scratch()
        let db = scratch.path("j.sqlite")
        #expect(try await Binary.run(["log", "--db", db, "--pain", "4"]).status == 0)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: db)
        let run = try await Binary.run(["history", "--db", db])
        #expect(run.status == 0)
        #expect(run.stderr.contains("readable by you only"))
        #expect(try mode(db) == 0o600)
        let again = try await Binary.run(["history", "--db", db])
        #expect(!again.stderr.contains("readable by you only"), "said once, when it was changed")
    }
}
