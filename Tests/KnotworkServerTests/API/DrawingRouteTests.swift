import Foundation
import Hummingbird
import HummingbirdTesting
import KnotworkCore
import Testing

@testable import KnotworkServer

@Suite("Drawings over HTTP")
struct DrawingRouteTests {
    @Test("every step of a plan names a drawing the server answers as SVG")
    func planStepsHaveDrawings() async throws {
        try await withServer { client, _ in
            let answer = try body(["regions": ["outer-hip", "buttock"], "minutes": 20, "answers": ["pc-pregnancy": true]])
            let steps = try await client.execute(uri: "/api/v1/plans", method: .post, body: answer) { response in
                let plan = try #require(try json(response.body)["plan"] as? [String: Any])
                return try #require(plan["steps"] as? [[String: Any]])
            }
            #expect(steps.count > 4)
            let catalog = try Catalog.bundled()
            let renderer = DrawingRenderer(catalog: catalog)
            for step in steps {
                let id = try #require(step["drawing"] as? String, "step \(step["number"] ?? "?") has no drawing")
                // A precaution that asks for gentle positions draws them.
                #expect(step["technique"] as? String == "hydrate" || id.hasSuffix("-gentle"), "\(id)")
                try await client.execute(uri: "/api/v1/drawings/\(id).svg", method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType] == "image/svg+xml; charset=utf-8")
                    #expect(response.headers[.contentSecurityPolicy] == DrawingRoutes.policy)
                    #expect(response.headers[.xContentTypeOptions] == "nosniff")
                    #expect(String(buffer: response.body) == renderer.svg(id))
                }
            }
        }
    }

    @Test("an unknown drawing is a 404 problem naming it")
    func unknownDrawing() async throws {
        try await withServer { client, _ in
            for uri in [
                "/api/v1/drawings/nothing.svg", "/api/v1/drawings/warm-up", "/api/v1/drawings/.svg", "/api/v1/drawings/%3Cb%3E.svg",
            ] {
                try await client.execute(uri: uri, method: .get) { response in
                    try expectProblem(response, .notFound, field: "id", detail: "is not a drawing")
                    #expect(response.headers[.contentSecurityPolicy]?.hasPrefix("default-src 'self'") == true)
                }
            }
        }
    }

    @Test("the anatomy lights the regions asked for, and refuses unknown ones")
    func anatomy() async throws {
        try await withServer { client, _ in
            let lit = try await client.execute(uri: "/api/v1/drawings/anatomy.svg?regions=outer-hip,buttock", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "image/svg+xml; charset=utf-8")
                #expect(response.headers[.cacheControl] == "no-store")
                return String(buffer: response.body)
            }
            #expect(lit.contains("Shaded: where it hurts (outer hip and buttock)"))
            let plain = try await client.execute(uri: "/api/v1/drawings/anatomy.svg", method: .get) { String(buffer: $0.body) }
            #expect(plain.contains("<title") && !plain.contains("Shaded"))
            // As the document has it: left out, none is lit; given empty, it names an empty region.
            for query in ["regions=", "regions=outer-hp", "regions=buttock,", "regions=buttock,%3Csvg%3E"] {
                try await client.execute(uri: "/api/v1/drawings/anatomy.svg?\(query)", method: .get) { response in
                    try expectProblem(response, .unprocessableContent, field: "regions", detail: "unknown region")
                }
            }
        }
    }

    @Test("the catalog carries every drawing's text alternative, and openapi.yaml lists every drawing id")
    func catalogAndDocument() async throws {
        let catalog = try Catalog.bundled()
        try await withServer { client, _ in
            let texts = try await client.execute(uri: "/api/v1/catalog", method: .get) { response in
                try #require(try json(response.body)["drawings"] as? [String: String])
            }
            #expect(texts.keys.sorted() == catalog.drawings.ids.sorted())
            #expect(texts.values.allSatisfy { $0.count > 30 })
            let document = try await client.execute(uri: "/openapi.yaml", method: .get) { String(buffer: $0.body) }
            let line = try #require(document.split(separator: "\n").first { $0.contains("enum: [warm-up") })
            let listed = line.split(separator: "[")[1].dropLast().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            #expect(listed == catalog.drawings.ids)
        }
    }
}
