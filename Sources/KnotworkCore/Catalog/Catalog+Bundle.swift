import Foundation

extension Catalog {
    /// The catalog shipped with Knotwork, loaded from the package's bundled resources.
    /// - Throws: ``CatalogError`` when a bundled file is missing or fails validation.
    public static func bundled() throws(CatalogError) -> Catalog {
        try decode(files: bundledFiles())
    }

    /// The raw contents of the bundled data files, by file name; for tools and tests that
    /// check edited copies of them. This is the only place that reads `Bundle.module`.
    /// - Throws: ``CatalogError`` when a file is missing from the installed resources.
    public static func bundledFiles() throws(CatalogError) -> [String: Data] {
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
        return files
    }
}
