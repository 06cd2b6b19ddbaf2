import Foundation
import Hummingbird
import HummingbirdTesting
import KnotworkCore
import KnotworkJournal
import KnotworkSession
import Testing

@testable import KnotworkServer

/// A server over a fresh journal file, tested at the router level.
func withServer(
    speed: Double = 1, token: String? = nil, bodyLimit: Int = 256 * 1024,
    _ test: @Sendable (any TestClientProtocol, SQLiteJournalStore) async throws -> Void
) async throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("knotwork-server-\(UUID().uuidString)")
    let store = try SQLiteJournalStore(path: folder.appendingPathComponent("journal.sqlite").path)
    let app = try buildApplication(
        configuration: ServerConfiguration(token: token, bodyLimit: bodyLimit, speed: speed), store: store)
    try await app.test(.router) { client in try await test(JSONClient(client: client), store) }
}

/// A test client that sends its bodies as `application/json`, as every program the API serves
/// does; a test that needs other headers sets them, and they win.
struct JSONClient: TestClientProtocol {
    let client: any TestClientProtocol

    func executeRequest(uri: String, method: HTTPRequest.Method, headers: HTTPFields, body: ByteBuffer?) async throws -> TestResponse {
        var headers = headers
        if method == .post, headers[.contentType] == nil { headers[.contentType] = "application/json" }
        return try await client.executeRequest(uri: uri, method: method, headers: headers, body: body)
    }

    var port: Int? { client.port }
}

func json(_ buffer: ByteBuffer) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(buffer: buffer)) as? [String: Any])
}

func body(_ object: Any) throws -> ByteBuffer {
    ByteBuffer(data: try JSONSerialization.data(withJSONObject: object))
}

/// Checks a problem+json answer: its status, the field at fault and a phrase of its detail.
func expectProblem(_ response: TestResponse, _ status: HTTPResponse.Status, field: String? = nil, detail: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    #expect(response.status == status, sourceLocation: sourceLocation)
    #expect(response.headers[.contentType] == "application/problem+json", sourceLocation: sourceLocation)
    let problem = try json(response.body)
    #expect(problem["status"] as? Int == Int(status.code), sourceLocation: sourceLocation)
    #expect(problem["field"] as? String == field, sourceLocation: sourceLocation)
    #expect((problem["detail"] as? String ?? "").contains(detail), "\(problem)", sourceLocation: sourceLocation)
}

let allNo: [String: Bool] = Dictionary(uniqueKeysWithValues: try! Catalog.bundled().screening.questionIDs.map { ($0, false) })

@Suite("API at the router level")
struct APITests {
    @Test("GET /api/v1/catalog lists what Knotwork knows, with security headers")
    func catalog() async throws {
        try await withServer { client, _ in
            try await client.execute(uri: "/api/v1/catalog", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentSecurityPolicy]?.hasPrefix("default-src 'self'") == true)
                let object = try json(response.body)
                #expect((object["muscles"] as? [Any])?.count == 4)
                #expect((object["regions"] as? [Any])?.count == 8)
            }
        }
    }

    @Test("POST /api/v1/screening: verdicts, kept in the journal; unknown ids are a 422")
    func screening() async throws {
        try await withServer { client, store in
            var answers = allNo
            answers["rf-trauma"] = true
            try await client.execute(uri: "/api/v1/screening", method: .post, body: try body(["answers": answers])) { response in
                #expect(response.status == .ok)
                let result = try json(response.body)
                #expect(result["verdict"] as? String == "stop")
                #expect((result["care"] as? [String: Any])?["level"] as? String == "same-day")
            }
            #expect(try await store.latestScreening(kind: .full)?.verdict == .stop)
            try await client.execute(uri: "/api/v1/screening", method: .post, body: try body(["answers": ["rf-fevr": true]])) { response in
                try expectProblem(response, .unprocessableContent, field: "answers", detail: "did you mean 'rf-fever'?")
            }
        }
    }

    @Test("POST /api/v1/plans: a plan, or where to get care; bad values name the field")
    func plans() async throws {
        try await withServer { client, _ in
            try await client.execute(uri: "/api/v1/plans", method: .post, body: try body(["regions": ["outer-hip"], "minutes": 8])) { response in
                #expect(response.status == .ok)
                let plan = try #require(try json(response.body)["plan"] as? [String: Any])
                #expect(plan["schema"] as? String == "knotwork.plan/1")
                #expect((plan["pressureSeconds"] as? Int ?? 999) <= 600)
            }
            try await client.execute(uri: "/api/v1/plans", method: .post, body: try body(["regions": ["buttock"], "answers": ["rf-both-legs": true]])) { response in
                let stop = try #require(try json(response.body)["stop"] as? [String: Any])
                #expect((stop["care"] as? [String: Any])?["level"] as? String == "emergency")
            }
            try await client.execute(uri: "/api/v1/plans", method: .post, body: try body(["regions": ["outer-hp"]])) { response in
                try expectProblem(response, .unprocessableContent, field: "regions", detail: "did you mean 'outer-hip'?")
            }
            try await client.execute(uri: "/api/v1/plans", method: .post, body: try body(["regions": ["outer-hip"], "minutes": 1])) { response in
                try expectProblem(response, .unprocessableContent, field: "minutes", detail: "outside 3–120")
            }
            try await client.execute(uri: "/api/v1/plans", method: .post, body: try body(["regions": "outer-hip"])) { response in
                try expectProblem(response, .badRequest, field: "regions", detail: "expected")
            }
            try await client.execute(uri: "/api/v1/plans", method: .post, body: ByteBuffer(string: "{\"regions\": [")) { response in
                try expectProblem(response, .badRequest, detail: "not valid JSON")
            }
            try await client.execute(uri: "/api/v1/plans", method: .post) { response in
                try expectProblem(response, .badRequest, detail: "a JSON body is required")
            }
        }
    }

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
            try await client.execute(uri: "/api/v1/sessions", method: .post, body: try body(["painBefore": 11, "painAfter": 2])) { response in
                try expectProblem(response, .unprocessableContent, field: "painBefore", detail: "not a pain score")
            }
            try await client.execute(uri: "/api/v1/sessions", method: .post, body: try body(["painBefore": 5, "painAfter": 2, "at": "2099-01-01T00:00:00Z"])) { response in
                try expectProblem(response, .unprocessableContent, field: "at", detail: "in the future")
            }
            try await client.execute(uri: "/api/v1/pain-ratings", method: .post, body: try body(["pain": 3, "region": "sacrum"])) { response in
                #expect(response.status == .created)
            }
            try await client.execute(uri: "/api/v1/pain-ratings", method: .post, body: try body(["pain": 3, "region": "neck"])) { response in
                try expectProblem(response, .unprocessableContent, field: "region", detail: "unknown region 'neck'")
            }
            #expect(try await store.sessions(SessionQuery()).count == 4)
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
            for (format, type) in [("csv", "text/csv"), ("json", "application/json"), ("fhir", "application/fhir+json"), ("ics", "text/calendar")] {
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
                        painBefore: 6, painAfter: 3, source: .log))
            }
            var seen: [String] = [], starts: [String] = []
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
            #expect(exported.sessions == (try await store.sessions(SessionQuery())))
        }
    }

    @Test("every GET is served as HEAD: the same status and headers, without the body")
    func head() async throws {
        try await withServer { client, _ in
            for uri in [
                "/health", "/", "/app.js", "/api/v1/catalog", "/api/v1/screening", "/api/v1/history?since=all", "/api/v1/history?since=3x",
                "/api/v1/history/chart.svg", "/api/v1/exports/csv", "/api/v1/exports/pdf",
            ] {
                let get = try await client.execute(uri: uri, method: .get) { response in response }
                try await client.execute(uri: uri, method: .head) { response in
                    #expect(response.status == get.status, "\(uri)")
                    #expect(response.headers[.contentType] == get.headers[.contentType], "\(uri)")
                    #expect(response.headers[.cacheControl] == get.headers[.cacheControl], "\(uri)")
                    #expect(response.body.readableBytes == 0, "\(uri)")
                }
            }
        }
    }

    @Test("bodies over the limit get 413; unknown paths 404; all as problem+json")
    func limits() async throws {
        try await withServer(bodyLimit: 1000) { client, _ in
            let big = ByteBuffer(string: "{\"regions\": [\"" + String(repeating: "a", count: 2000) + "\"]}")
            try await client.execute(uri: "/api/v1/plans", method: .post, body: big) { response in
                try expectProblem(response, .contentTooLarge, detail: "at most 1000")
            }
            try await client.execute(uri: "/api/v1/nothing", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test("with a token, requests without it get 401; the header, the query or the cookie let them in")
    func token() async throws {
        try await withServer(token: "s3cret") { client, _ in
            try await client.execute(uri: "/api/v1/catalog", method: .get) { response in
                try expectProblem(response, .unauthorized, detail: "access token")
            }
            try await client.execute(uri: "/api/v1/catalog", method: .get, headers: [.authorization: "Bearer s3cret"]) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/api/v1/catalog?token=s3cret", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.setCookie]?.hasPrefix("knotwork_token=s3cret") == true)
            }
            try await client.execute(uri: "/api/v1/catalog", method: .get, headers: [.cookie: "knotwork_token=s3cret"]) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/api/v1/catalog", method: .get, headers: [.authorization: "Bearer wrong"]) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test("a non-loopback address without a token is refused")
    func nonLoopback() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("knotwork-server-\(UUID().uuidString)")
        let store = try SQLiteJournalStore(path: folder.appendingPathComponent("j.sqlite").path)
        #expect(throws: ServerConfigurationError.self) {
            _ = try buildApplication(configuration: ServerConfiguration(host: "0.0.0.0"), store: store)
        }
    }

    @Test("/openapi.yaml lists the same identifiers as the catalog and the engine")
    func openAPIEnums() async throws {
        let text = String(decoding: PackageResources.openapi_yaml, as: UTF8.self)
        /// The `enum: [...]` of the first schema or property of this name.
        func values(_ name: String) throws -> [String] {
            let start = try #require(text.range(of: #"\n +"# + name + ":", options: .regularExpression), "no \(name)")
            let rest = text[start.upperBound...]
            let list = try #require(rest.range(of: #"enum: \[[^\]]*\]"#, options: .regularExpression), "no enum in \(name)")
            return rest[list].dropFirst(7).dropLast().split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        }
        let catalog = try Catalog.bundled()
        #expect(try values("QuestionID") == catalog.screening.questionIDs)
        #expect(try values("RegionID") == catalog.regions.map(\.id))
        #expect(try values("ToolID") == catalog.tools.map(\.id))
        #expect(try values("Technique") == TechniqueID.allCases.map(\.rawValue))
        #expect(try values("Side") == Side.allCases.map(\.rawValue))
        #expect(try values("avoidToolKinds") == ToolKind.allCases.map(\.rawValue))
        #expect(try values("avoidFirmness") == Firmness.allCases.map(\.rawValue))
        #expect(try values("event") == SessionMachine.Event.names)
        #expect(try values("phase") == SessionMachine.Phase.allCases.map(\.rawValue))
        #expect(try values("StopSignalID") == catalog.screening.stopSignals.map(\.id))
        #expect(try values("reason") == Clearance.Reason.allCases.map(\.rawValue))
        #expect(try values("kind") == PastScreening.Kind.allCases.map(\.rawValue) + ["null"])
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
            try await client.execute(uri: "/api/v1/sessions", method: .post, body: try body(["painBefore": 5, "painAfter": 3, "side": "LEFT"])) { response in
                try expectProblem(response, .unprocessableContent, field: "side", detail: "unknown side 'LEFT'")
            }
            try await client.execute(uri: "/api/v1/pain-ratings", method: .post, body: try body(["pain": 4, "region": ""])) { response in
                try expectProblem(response, .unprocessableContent, field: "region", detail: "unknown region ''")
            }
            try await client.execute(uri: "/api/v1/plans", method: .post, body: try body(["regions": ["buttock"], "tools": ["Foam-Roller"]])) { response in
                try expectProblem(response, .unprocessableContent, field: "tools", detail: "unknown tool 'Foam-Roller'")
            }
            try await client.execute(
                uri: "/api/v1/pain-ratings", method: .post, body: try body(["pain": 4, "region": NSNull(), "side": NSNull(), "note": NSNull(), "at": NSNull()])
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
            #expect(try await store.sessions(SessionQuery()).isEmpty)
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
            #expect(try await store.sessions(SessionQuery()).isEmpty)
        }
    }

    @Test("a method a path does not serve is 405, naming the ones it does")
    func methodNotAllowed() async throws {
        try await withServer { client, _ in
            try await client.execute(uri: "/api/v1/catalog", method: .delete) { response in
                try expectProblem(response, .methodNotAllowed, detail: "DELETE is not supported here; use GET")
                #expect(response.headers[.allow] == "GET, HEAD")
            }
            try await client.execute(uri: "/api/v1/sessions", method: .put) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "GET, POST, HEAD")
            }
            try await client.execute(uri: "/api/v1/live/\(UUID().uuidString)/events", method: .get) { response in
                #expect(response.headers[.allow] == "POST")
            }
            try await client.execute(uri: "/api/v1/nothing-here", method: .get) { response in
                try expectProblem(response, .notFound, detail: "Not Found")
            }
        }
    }

    @Test("/openapi.yaml describes every route the API serves")
    func openAPI() async throws {
        try await withServer { client, _ in
            try await client.execute(uri: "/openapi.yaml", method: .get) { response in
                #expect(response.status == .ok)
                let text = String(buffer: response.body)
                #expect(text.hasPrefix("openapi: 3.1.0"))
                for route in APIRoutes.routes {
                    let parts = route.split(separator: " ")
                    let path = String(parts[1])
                    let method = parts[0].lowercased()
                    let section = try #require(text.range(of: "\n  \(path):\n"), "missing path \(path)")
                    let rest = text[section.upperBound...]
                    let end = rest.range(of: "\n  /")?.lowerBound ?? rest.range(of: "\ncomponents:")?.lowerBound ?? rest.endIndex
                    #expect(("\n" + rest[..<end]).contains("\n    \(method):"), "missing \(route)")
                }
            }
        }
    }
}
