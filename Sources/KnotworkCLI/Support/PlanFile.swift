import Foundation
import KnotworkCore

/// A plan saved with `knotwork plan --json`, for `knotwork start --plan`.
enum PlanFile {
    /// Reads and checks a saved plan.
    /// - Throws: ``FileError`` (exit 65) when it cannot be read, is not strict JSON, is not a
    ///   plan, or breaks a rule of the protocol.
    static func read(_ path: String, catalog: Catalog) throws -> PlanSource {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw FileError(path: path, problem: "cannot be read (\((error as NSError).localizedDescription))")
        }
        // Strictly first: a key given twice would otherwise quietly keep its last value.
        do {
            _ = try JSONValue.parse(data)
        } catch {
            throw FileError(path: path, problem: "is not valid JSON: \(error.description)")
        }
        let decoded: Plan
        do {
            decoded = try JSONDecoder().decode(Plan.self, from: data)
        } catch let error as DecodingError {
            throw FileError(path: path, problem: "is not a plan from 'knotwork plan --json': \(error.summary)")
        }
        do {
            try Planner(catalog: catalog).check(decoded)
        } catch {
            throw FileError(path: path, problem: error.problem)
        }
        return .plan(decoded)
    }
}
