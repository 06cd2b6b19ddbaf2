import Foundation
import Hummingbird
import HummingbirdTesting
import KnotworkCore
import KnotworkJournal
import KnotworkSession
import Testing

@testable import KnotworkServer

@Suite("The journal over the API: sessions, pain ratings, history, exports")
struct JournalRouteTests {
    @Test("sessions and pain ratings: logged, listed newest first, validated")
    func journal() async throws {
        try await withServer { client, store in
            for (day, before) in [(1, 6), (2, 5), (3, 4)] {
                let at = "2026-11-0\(day)T07:30:00Z"
                try await client.execute(
                    uri: "/api/v1/sessions", method: .post,
                    body: try body(["painBefore": before, "painAfter": before - 2, "regions": ["low-back"], "side": "left", "at": at])
                ) { response in
                    #expect(response.status == .created)
                }
            }
            try await client.execute(uri: "/api/v1/sessions?limit=2", method: .get) { response in
                let sessions = try #require(try json(response.body)["sessions"] as? [[String: Any]])
                #expect(sessions.map { $0["startedAt"] as? String } == ["2026-11-03T07:30:00Z", "2026-11-02T07:30:00Z"])
            }
            // The encoded list is kept, and a new session shows at once.
            try await client.execute(uri: "/api/v1/sessions?limit=2", method: .get) { response in
                let sessions = try #require(try json(response.body)["sessions"] as? [[String: Any]])
                #expect(sessions.first?["startedAt"] as? String == "2026-11-03T07:30:00Z")
            }
            try await client.execute(
                uri: "/api/v1/sessions", method: .post,
                body: try body(["painBefore": 3, "painAfter": 1, "at": "2026-11-04T07:30:00Z"])
            ) { response in
                #expect(response.status == .created)
            }
            try await client.execute(uri: "/api/v1/sessions?limit=2", method: .get) { response in
                let sessions = try #require(try json(response.body)["sessions"] as? [[String: Any]])
                #expect(sessions.map { $0["startedAt"] as? String } == ["2026-11-04T07:30:00Z", "2026-11-03T07:30:00Z"])
            }
            try await client.execute(uri: "/api/v1/sessions?limit=0", method: .get) { response in
                try expectProblem(response, .unprocessableContent, field: "limit", detail: "from 1 to 1000")
            }
            try await client.execute(uri: "/api/v1/sessions", method: .post, body: try body(["painBefore": 11, "painAfter": 2])) {
                response in
                try expectProblem(response, .unprocessableContent, field: "painBefore", detail: "not a pain score")
            }
            try await client.execute(
                uri: "/api/v1/sessions", method: .post, body: try body(["painBefore": 5, "painAfter": 2, "at": "2099-01-01T00:00:00Z"])
            ) { response in
                try expectProblem(response, .unprocessableContent, field: "at", detail: "in the future")
            }
            try await client.execute(uri: "/api/v1/pain-ratings", method: .post, body: try body(["pain": 3, "region": "sacrum"])) {
                response in
                #expect(response.status == .created)
            }
            try await client.execute(uri: "/api/v1/pain-ratings", method: .post, body: try body(["pain": 3, "region": "neck"])) {
                response in
                try expectProblem(response, .unprocessableContent, field: "region", detail: "unknown region 'neck'")
            }
            #expect(try await store.sessions(SessionQuery(), owner: .local).count == 4)
            try await client.execute(uri: "/api/v1/history?since=all", method: .get) { response in
                let summary = try #require(try json(response.body)["summary"] as? [String: Any])
                #expect(summary["verdict"] as? String == "helping")
            }
            try await client.execute(uri: "/api/v1/history?since=3x", method: .get) { response in
                try expectProblem(response, .unprocessableContent, field: "since", detail: "like 30d, 12w or all")
            }
        }
    }

    @Test("exports: the same four formats as the command line")
    func exports() async throws {
        try await withServer { client, _ in
            try await client.execute(uri: "/api/v1/sessions", method: .post, body: try body(["painBefore": 5, "painAfter": 2])) { _ in }
            for (format, type) in [
                ("csv", "text/csv"), ("json", "application/json"), ("fhir", "application/fhir+json"), ("ics", "text/calendar"),
            ] {
                try await client.execute(uri: "/api/v1/exports/\(format)", method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType]?.hasPrefix(type) == true)
                    #expect(response.headers[.contentDisposition]?.contains("attachment") == true)
                }
            }
            try await client.execute(uri: "/api/v1/exports/pdf", method: .get) { response in
                try expectProblem(response, .notFound, field: "format", detail: "unknown format 'pdf'")
            }
        }
    }

    @Test("a streamed export holds every record; history comes a page at a time, newest first, with the whole span's summary")
    func historyPages() async throws {
        try await withServer { client, store in
            let start = Date().addingTimeInterval(-10 * 86_400).wholeSeconds
            // Two sessions in one second: the page mark tells them apart.
            for index in 0..<7 {
                try await store.add(
                    SessionRecord(
                        startedAt: start.addingTimeInterval(Double(min(index, 5)) * 86_400), timeZone: "UTC", regions: ["outer-hip"],
                        painBefore: 6, painAfter: 3, source: .log), owner: .local)
            }
            var seen: [String] = []
            var starts: [String] = []
            var uri = "/api/v1/history?since=all&limit=3"
            var pages = 0
            while true {
                let answer = try await client.execute(uri: uri, method: .get) { response in try json(response.body) }
                pages += 1
                let sessions = try #require(answer["sessions"] as? [[String: Any]])
                seen += sessions.compactMap { $0["id"] as? String }
                starts += sessions.compactMap { $0["startedAt"] as? String }
                #expect((answer["summary"] as? [String: Any])?["sessions"] as? Int == 7, "the summary is the whole span's")
                guard let next = answer["next"] as? String else { break }
                uri = "/api/v1/history?since=all&limit=3&before=\(next)"
            }
            #expect(pages == 3)
            #expect(seen.count == 7 && Set(seen).count == 7, "every session once")
            #expect(starts == starts.sorted(by: >), "newest first")
            try await client.execute(uri: "/api/v1/history/chart.svg?since=all&size=phone", method: .get) { response in
                #expect(String(buffer: response.body).contains(#"viewBox="0 0 300 260""#))
            }
            try await client.execute(uri: "/api/v1/history/chart.svg?size=huge", method: .get) { response in
                try expectProblem(response, .unprocessableContent, field: "size", detail: "unknown size 'huge'")
            }
            try await client.execute(uri: "/api/v1/history?before=yesterday", method: .get) { response in
                try expectProblem(response, .unprocessableContent, field: "before", detail: "not a page mark")
            }
            let exported = try await client.execute(uri: "/api/v1/exports/json", method: .get) { response in
                try JournalBackup.decoder().decode(JournalBackup.self, from: Data(buffer: response.body))
            }
            #expect(exported.sessions == (try await store.sessions(SessionQuery(), owner: .local)))
        }
    }

    @Test("the API takes identifiers and spans exactly as /openapi.yaml lists them, and null for a field left out")
    func exactInput() async throws {
        try await withServer { client, _ in
            try await client.execute(uri: "/api/v1/history?region=", method: .get) { response in
                try expectProblem(response, .unprocessableContent, field: "region", detail: "unknown region ''")
            }
            try await client.execute(uri: "/api/v1/sessions?region=Sacrum", method: .get) { response in
                try expectProblem(response, .unprocessableContent, field: "region", detail: "did you mean 'sacrum'?")
            }
            for since in ["30D", " 30d", "+3d", "0d"] {
                let query = since.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? since
                try await client.execute(uri: "/api/v1/history?since=\(query)", method: .get) { response in
                    try expectProblem(response, .unprocessableContent, field: "since", detail: "is not a span like 30d")
                }
            }
            try await client.execute(
                uri: "/api/v1/sessions", method: .post, body: try body(["painBefore": 5, "painAfter": 3, "side": "LEFT"])
            ) { response in
                try expectProblem(response, .unprocessableContent, field: "side", detail: "unknown side 'LEFT'")
            }
            try await client.execute(uri: "/api/v1/pain-ratings", method: .post, body: try body(["pain": 4, "region": ""])) { response in
                try expectProblem(response, .unprocessableContent, field: "region", detail: "unknown region ''")
            }
            try await client.execute(
                uri: "/api/v1/plans", method: .post, body: try body(["regions": ["buttock"], "tools": ["Foam-Roller"]])
            ) { response in
                try expectProblem(response, .unprocessableContent, field: "tools", detail: "unknown tool 'Foam-Roller'")
            }
            try await client.execute(
                uri: "/api/v1/pain-ratings", method: .post,
                body: try body(["pain": 4, "region": NSNull(), "side": NSNull(), "note": NSNull(), "at": NSNull()])
            ) { response in
                #expect(response.status == .created)
            }
        }
    }

    @Test("a key given twice in a body is a 400, not quietly its last value")
    func duplicateKeys() async throws {
        try await withServer { client, store in
            let text = #"{"painBefore": 2, "painAfter": 1, "painBefore": 9}"#
            try await client.execute(uri: "/api/v1/sessions", method: .post, body: ByteBuffer(string: text)) { response in
                try expectProblem(response, .badRequest, detail: "key 'painBefore' appears twice")
            }
            #expect(try await store.sessions(SessionQuery(), owner: .local).isEmpty)
        }
    }

    @Test("a NUL in a note is a 422 naming the field, and nothing is stored")
    func nulInNote() async throws {
        try await withServer { client, store in
            try await client.execute(
                uri: "/api/v1/sessions", method: .post, body: try body(["painBefore": 5, "painAfter": 3, "note": "ok\u{0}gone"])
            ) { response in
                try expectProblem(response, .unprocessableContent, field: "note", detail: "NUL")
            }
            try await client.execute(uri: "/api/v1/pain-ratings", method: .post, body: try body(["pain": 4, "note": "\u{0}"])) { response in
                try expectProblem(response, .unprocessableContent, field: "note", detail: "NUL")
            }
            #expect(try await store.sessions(SessionQuery(), owner: .local).isEmpty)
        }
    }
}
