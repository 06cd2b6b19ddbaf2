import Foundation

extension Catalog {
    /// The catalog shipped with Knotwork, loaded from the package's bundled resources.
    ///
    /// This is the only place that reads `Bundle.module`.
    /// - Throws: ``CatalogError`` when a bundled file is missing or fails validation.
    public static func bundled() throws(CatalogError) -> Catalog {
        var files: [String: Data] = [:]
        for name in fileNames {
            let base = String(name.dropLast(".json".count))
            guard let url = Bundle.module.url(forResource: base, withExtension: "json"),
                let data = try? Data(contentsOf: url)
            else {
                throw CatalogError(file: name, problem: "is missing from the installed resources")
            }
            files[name] = data
        }
        return try decode(files: files)
    }
}
