import Hummingbird
import KnotworkCore
import KnotworkJournal
import KnotworkSession

/// The JSON API under `/api/v1`, as described in `openapi.yaml`: one route collection per
/// resource, each declaring the routes it serves.
struct APIRoutes {
    let catalog: Catalog
    let store: any JournalStore
    let hub: LiveHub<ScaledClock>
    /// Nil on a server without accounts.
    let accounts: AccountsSetup?
    let time: ServerTime

    /// Every route, as "METHOD path", for the check that the OpenAPI document describes them all
    /// and for telling a wrong method (405) from an unknown path (404).
    static let routes =
        CatalogRoutes.routes + ScreeningRoutes.routes + JournalRoutes.routes + LiveRoutes.routes + DrawingRoutes.routes
        + AccountRoutes.routes + TokenRoutes.routes + CareRoutes.routes + ClinicianRoutes.routes + WebRoutes.routes
        + OperationsRoutes.routes

    /// The methods the API serves at a path, by the templates in ``routes`` (`{id}` matches any
    /// one segment), HEAD wherever GET is; empty when the path is not the API's.
    static func methods(for path: String) -> [String] {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        let methods = routes.compactMap { route -> String? in
            let parts = route.split(separator: " ")
            let template = parts[1].split(separator: "/", omittingEmptySubsequences: false)
            guard template.count == segments.count,
                zip(template, segments).allSatisfy({ ($0.hasPrefix("{") && !$1.isEmpty) || $0 == $1 })
            else { return nil }
            return String(parts[0])
        }
        return methods.contains("GET") ? methods + ["HEAD"] : methods
    }

    func register(on router: some RouterMethods<AppRequestContext>) throws {
        // Starts of live sessions and check-ins one at a time: the screening rule is read and the
        // session saved together, so one check-in never starts two sessions, however fast they
        // are asked for.
        let starts = StartGate()
        let rest = RestRule(store: store, catalog: catalog, hub: hub)
        router.addRoutes(try CatalogRoutes(catalog: catalog).endpoints, atPath: "api/v1")
        router.addRoutes(DrawingRoutes(catalog: catalog).endpoints, atPath: "api/v1")
        router.addRoutes(
            ScreeningRoutes(catalog: catalog, store: store, time: time, rest: rest, starts: starts).endpoints, atPath: "api/v1")
        router.addRoutes(JournalRoutes(catalog: catalog, store: store, time: time).endpoints, atPath: "api/v1")
        router.addRoutes(AccountRoutes(setup: accounts, hub: hub).endpoints, atPath: "api/v1")
        router.addRoutes(TokenRoutes(setup: accounts).endpoints, atPath: "api/v1")
        router.addRoutes(CareRoutes(setup: accounts, catalog: catalog, time: time).endpoints, atPath: "api/v1")
        router.addRoutes(ClinicianRoutes(setup: accounts, catalog: catalog, store: store, time: time).endpoints, atPath: "api/v1")
        router.addRoutes(
            LiveRoutes(catalog: catalog, store: store, time: time, hub: hub, rest: rest, starts: starts).endpoints, atPath: "api/v1")
    }
}
