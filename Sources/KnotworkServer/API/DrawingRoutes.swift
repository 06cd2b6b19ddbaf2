import Foundation
import Hummingbird
import KnotworkCore

/// The drawings as SVG: each step's position (`GET /api/v1/drawings/{id}.svg`, the `drawing` of
/// a plan's step) and the anatomy with the regions asked for lit
/// (`GET /api/v1/drawings/anatomy.svg?regions=outer-hip,buttock`). Kept out of the page itself,
/// so the web app's first load stays small; a plan loads only the drawings of its steps.
struct DrawingRoutes: Sendable {
    static let routes = ["GET /api/v1/drawings/anatomy.svg", "GET /api/v1/drawings/{id}.svg"]

    let catalog: Catalog
    /// Every step's drawing, rendered once: they never change while the server runs.
    let rendered: [String: String]

    init(catalog: Catalog) {
        self.catalog = catalog
        let renderer = DrawingRenderer(catalog: catalog)
        rendered = Dictionary(uniqueKeysWithValues: catalog.drawings.ids.compactMap { id in renderer.svg(id).map { (id, $0) } })
    }

    /// A drawing's own policy: nothing to load, and its inline style (the motion) allowed.
    static let policy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"

    var endpoints: RouteCollection<AppRequestContext> {
        RouteCollection(context: AppRequestContext.self)
            .get("drawings/:file") { request, context in try answer(request, file: context.parameters.get("file") ?? "") }
    }

    /// The anatomy, or a step's drawing by file name (`warm-up.svg`).
    private func answer(_ request: Request, file: String) throws -> Response {
        if file == "anatomy.svg" {
            // Left out: none lit. Given, every item must be a region: `regions=` names an empty one.
            let given = request.uri.queryParameters.get("regions").map {
                $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            }
            let regions = try APIInput.regions(given ?? [], in: catalog)
            return Self.svg(DrawingRenderer(catalog: catalog).anatomy(lit: regions))
        }
        let id = file.hasSuffix(".svg") ? String(file.dropLast(4)) : ""
        guard let svg = rendered[id] else {
            let shown = file.count > 80 ? String(file.prefix(80)) + "…" : file
            throw Problem(.notFound, "'\(shown)' is not a drawing; a plan's step names its drawing, as in warm-up.svg", field: "id")
        }
        return Self.svg(svg)
    }

    private static func svg(_ text: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: "image/svg+xml; charset=utf-8", .contentSecurityPolicy: policy],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
