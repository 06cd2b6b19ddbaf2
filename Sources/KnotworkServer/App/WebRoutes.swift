import Foundation
import Hummingbird
import KnotworkCore

/// The OpenAPI document and the web app's files (embedded in the binary, so it works with no
/// internet and no files beside it).
struct WebRoutes {
    /// The routes the OpenAPI document describes; the app's files are not the API.
    static let routes: [String] = []

    let catalog: Catalog

    struct Asset: Sendable {
        let bytes: [UInt8]
        let type: String
    }

    static let assets: [String: Asset] = [
        "/app.css": Asset(bytes: PackageResources.app_css, type: "text/css; charset=utf-8"),
        "/accounts.css": Asset(bytes: PackageResources.accounts_css, type: "text/css; charset=utf-8"),
        "/sw.js": Asset(bytes: PackageResources.sw_js, type: "text/javascript; charset=utf-8"),
        "/manifest.webmanifest": Asset(bytes: PackageResources.manifest_webmanifest, type: "application/manifest+json"),
        "/icon.svg": Asset(bytes: PackageResources.icon_svg, type: "image/svg+xml"),
        "/openapi.yaml": Asset(bytes: PackageResources.openapi_yaml, type: "application/yaml; charset=utf-8"),
    ]

    static let script = String(decoding: PackageResources.app_js, as: UTF8.self)
    /// The accounts part of the app, loaded by app.js only from a server with accounts.
    static let accountsScript = String(decoding: PackageResources.accounts_js, as: UTF8.self)

    /// The page, its words and body map filled in from the catalog.
    static func page(_ catalog: Catalog) -> Asset {
        let page = WebPage.render(String(decoding: PackageResources.index_html, as: UTF8.self), script: script, catalog: catalog)
        return Asset(bytes: Array(page.utf8), type: "text/html; charset=utf-8")
    }

    func register(on router: some RouterMethods<AppRequestContext>) {
        var assets = Self.assets
        assets["/"] = Self.page(catalog)
        assets["/app.js"] = Asset(bytes: Array(WebPage.servedScript(Self.script).utf8), type: "text/javascript; charset=utf-8")
        assets["/accounts.js"] = Asset(
            bytes: Array(WebPage.servedScript(Self.accountsScript, phrasesFrom: catalog).utf8), type: "text/javascript; charset=utf-8")
        assets["/accounts.html"] = Asset(
            bytes: Array(WebPage.fill(String(decoding: PackageResources.accounts_html, as: UTF8.self), catalog: catalog).utf8),
            type: "text/html; charset=utf-8")
        for (path, asset) in assets {
            router.get(RouterPath(path)) { _, _ in
                Response(
                    status: .ok, headers: [.contentType: asset.type, .cacheControl: "no-cache"],
                    body: .init(byteBuffer: ByteBuffer(bytes: asset.bytes)))
            }
        }
    }
}
