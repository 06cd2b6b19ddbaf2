import Foundation
import Hummingbird
import HummingbirdTesting
import KnotworkCore
import Testing

@testable import KnotworkServer

@Suite("The web app's page")
struct WebPageTests {
    @Test("the page carries the body map drawn from the catalog, and no placeholder is left")
    func pageHasTheBodyMap() async throws {
        try await withServer { client, _ in
            let page = try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                return String(buffer: response.body)
            }
            #expect(!page.contains("{{"), "a placeholder is left in the page")
            #expect(page.contains(BodyMapRenderer(catalog: try Catalog.bundled()).html()))
            #expect(page.contains("data-region=\"buttock\" data-side=\"left\""))
        }
    }
}
