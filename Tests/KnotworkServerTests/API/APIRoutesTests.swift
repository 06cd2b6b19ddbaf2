import Foundation
import Hummingbird
import HummingbirdTesting
import KnotworkCore
import KnotworkJournal
import KnotworkSession
import Testing

@testable import KnotworkServer

@Suite("The API as a whole: HEAD, 405 and the OpenAPI document")
struct APIRoutesTests {
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

    @Test("/openapi.yaml lists the same identifiers as the catalog and the engine")
    func openAPIEnums() async throws {
        let text = String(decoding: PackageResources.openapi_yaml, as: UTF8.self)
        /// The `enum: [...]` of the first schema or property of this name.
        func values(_ name: String) throws -> [String] {
            let start = try #require(
                text.range(of: #"\n +"# + NSRegularExpression.escapedPattern(for: name) + "(:|\n)", options: .regularExpression),
                "no \(name)")
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
        // The first enum after a schema's name: the screening's kind, an alert's kind.
        #expect(try values("ScreeningBody") == PastScreening.Kind.allCases.map(\.rawValue) + ["null"])
        #expect(try values("ClinicAlert") == ClinicAlert.Kind.allCases.map(\.rawValue))
        #expect(try values("Weekday") == Weekday.allCases.map(\.rawValue))
        #expect(try values("role") == Account.Role.allCases.map(\.rawValue))
        #expect(try values("signUp") == AccountsConfiguration.SignUp.allCases.map(\.rawValue))
        // A cue's kind is the first property of the Cue schema; the export format is a path parameter.
        #expect(try values("Cue") == Cue.Kind.allCases.map(\.rawValue))
        #expect(try values("- name: format") == ExportFormat.allCases.map(\.rawValue))
        #expect(try values("outcome") == StepOutcome.Outcome.allCases.map(\.rawValue))
    }
}
