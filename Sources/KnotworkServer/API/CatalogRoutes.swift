import Hummingbird
import KnotworkCore

/// `GET /api/v1/catalog`: everything the catalog holds, with each drawing's text alternative.
struct CatalogRoutes: Sendable {
    static let routes = ["GET /api/v1/catalog"]

    let catalog: Catalog

    var endpoints: RouteCollection<BasicRequestContext> {
        RouteCollection(context: BasicRequestContext.self)
            .get("catalog") { _, _ in try answer() }
    }

    private func answer() throws -> Response {
        let renderer = DrawingRenderer(catalog: catalog)
        return try JSON.response(
            CatalogAnswer(
                muscles: catalog.muscles, regions: catalog.regions, tools: catalog.tools, techniques: catalog.techniques,
                limits: catalog.limits, screening: catalog.screening, screeningGroups: catalog.screeningGroups,
                drawings: Dictionary(uniqueKeysWithValues: catalog.drawings.ids.map { ($0, renderer.text($0) ?? "") })))
    }
}
