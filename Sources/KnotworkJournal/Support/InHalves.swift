import Foundation
import Synchronization

extension Array where Element: Sendable {
    /// `transform` applied to each half of a long array on its own thread, the results joined in
    /// order: an import has a hundred thousand records to read and rows to build, and two cores.
    /// A short array is done in one piece. When both halves fail, the first half's error is the
    /// one thrown, so the error is still the first in the array.
    func inHalves<Result: Sendable, Failure: Error>(
        _ transform: @Sendable (ArraySlice<Element>) throws(Failure) -> [Result]
    ) throws(Failure) -> [Result] {
        guard count >= 2_000 else { return try transform(self[...]) }
        let middle = count / 2
        let halves = Mutex<[Swift.Result<[Result], Failure>?]>([nil, nil])
        DispatchQueue.concurrentPerform(iterations: 2) { half in
            let slice = half == 0 ? self[..<middle] : self[middle...]
            let result = Swift.Result { () throws(Failure) -> [Result] in try transform(slice) }
            halves.withLock { $0[half] = result }
        }
        let results = halves.withLock { $0 }
        return try results[0]!.get() + results[1]!.get()
    }
}
