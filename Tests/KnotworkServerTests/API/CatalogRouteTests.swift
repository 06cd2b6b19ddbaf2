import Foundation
import Hummingbird
import HummingbirdTesting
import KnotworkCore
import KnotworkJournal
import KnotworkSession
import Testing

@testable import KnotworkServer

@Suite("GET /api/v1/catalog")
struct CatalogRouteTests {
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
}
