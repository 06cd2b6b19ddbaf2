import Foundation

extension Catalog {
    /// The catalog shipped with Knotwork, from the JSON files in `Resources/` that the build
    /// embeds in the binary.
    /// - Throws: ``CatalogError`` when a shipped file fails validation.
    public static func bundled() throws(CatalogError) -> Catalog {
        try decode(files: bundledFiles())
    }

    /// The contents of the shipped data files, by file name; for tools and tests that check
    /// edited copies of them. This is the only place that reads the embedded resources.
    public static func bundledFiles() -> [String: Data] {
        [
            "muscles.json": Data(PackageResources.muscles_json),
            "regions.json": Data(PackageResources.regions_json),
            "tools.json": Data(PackageResources.tools_json),
            "techniques.json": Data(PackageResources.techniques_json),
            "screening.json": Data(PackageResources.screening_json),
            "phrases.en.json": Data(PackageResources.phrases_en_json),
            "drawings.json": Data(PackageResources.drawings_json),
        ]
    }
}
