import Foundation
import KnotworkCore
import Testing

/// The bundled catalog, loaded once for all tests.
let bundledCatalog: Catalog = {
    do {
        return try Catalog.bundled()
    } catch {
        fatalError("the bundled catalog must load: \(error)")
    }
}()

/// The bundled files with one JSON file edited, for validation tests.
func files(editing file: String, _ edit: (inout [String: Any]) -> Void) throws -> [String: Data] {
    var files = Catalog.bundledFiles()
    let data = try #require(files[file])
    var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    edit(&object)
    files[file] = try JSONSerialization.data(withJSONObject: object)
    return files
}

/// The bundled catalog with some phrases rewritten: what a surface shows from such a catalog
/// proves its words come from the phrase file, not from code.
func catalog(phrases changes: [String: String]) throws -> Catalog {
    try Catalog.decode(
        files: files(editing: "phrases.en.json") { object in
            var phrases = object["phrases"] as? [String: Any] ?? [:]
            for (key, text) in changes { phrases[key] = text }
            object["phrases"] = phrases
        })
}

/// Edits the entry with `id` in the list `key` of a JSON object.
func editEntry(_ object: inout [String: Any], _ key: String, id: String, _ edit: (inout [String: Any]) -> Void) {
    guard var list = object[key] as? [[String: Any]], let index = list.firstIndex(where: { $0["id"] as? String == id })
    else {
        Issue.record("no entry \(id) in \(key)")
        return
    }
    edit(&list[index])
    object[key] = list
}

/// The error decoding these files throws, or nil when they load.
func catalogError(_ files: [String: Data]) -> CatalogError? {
    do {
        _ = try Catalog.decode(files: files)
        return nil
    } catch {
        return error
    }
}

func plan(_ request: PlanRequest) throws -> Plan {
    switch try Planner(catalog: bundledCatalog).plan(request) {
    case .plan(let plan): return plan
    case .stop(let result):
        Issue.record("expected a plan, got a stop: \(result.redFlags.map(\.id))")
        throw CancellationError()
    case .withheld(let precautions):
        Issue.record("expected a plan, got no pressure work: \(precautions.map(\.id))")
        throw CancellationError()
    }
}
