import Hummingbird
import KnotworkCore

/// `GET /api/v1/catalog`: everything the catalog holds, with each drawing's text alternative.
/// The catalog does not change while the server runs, so the answer is encoded once, at start,
/// not on every load of the web app.
struct CatalogRoutes: Sendable {
    static let routes = ["GET /api/v1/catalog"]

    private let body: ByteBuffer

    init(catalog: Catalog) throws {
        let renderer = DrawingRenderer(catalog: catalog)
        let answer = CatalogAnswer(
            muscles: catalog.muscles, regions: catalog.regions, tools: catalog.tools, techniques: catalog.techniques,
            limits: catalog.limits, screening: catalog.screening, screeningGroups: catalog.screeningGroups,
            drawings: Dictionary(uniqueKeysWithValues: catalog.drawings.ids.map { ($0, renderer.text($0) ?? "") }))
        body = ByteBuffer(data: try JSON.encoder.encode(answer))
    }

    var endpoints: RouteCollection<AppRequestContext> {
        RouteCollection(context: AppRequestContext.self)
            .get("catalog") { _, _ in
                Response(status: .ok, headers: [.contentType: JSON.contentType], body: .init(byteBuffer: body))
            }
    }
}
