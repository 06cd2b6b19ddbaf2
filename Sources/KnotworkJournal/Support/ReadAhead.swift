import Foundation

/// Runs a producer on a thread of its own, a few batches ahead of the consumer on the calling
/// thread: an import reads and checks records on one core while the other writes them, and
/// never holds more than `ahead` batches of them.
enum ReadAhead {
    /// Calls `consume` with everything `produce` yields, in order.
    /// - Throws: the producer's error once everything it yielded before it is consumed, or the
    ///   consumer's error (the producer is stopped first).
    static func run<Element: Sendable>(
        batch: Int = 512, ahead: Int = 4, produce: @escaping @Sendable (_ yield: (Element) throws -> Void) throws -> Void,
        consume: (Element) throws -> Void
    ) throws {
        let channel = Channel<Element>(capacity: ahead)
        let producer = Thread {
            do {
                var buffer: [Element] = []
                buffer.reserveCapacity(batch)
                try produce { element in
                    buffer.append(element)
                    if buffer.count == batch {
                        try channel.put(buffer)
                        buffer.removeAll(keepingCapacity: true)
                    }
                }
                if !buffer.isEmpty { try channel.put(buffer) }
                channel.finish(nil)
            } catch {
                channel.finish(error)
            }
        }
        producer.start()
        do {
            while let elements = try channel.take() {
                for element in elements { try consume(element) }
            }
        } catch {
            channel.cancel()
            channel.waitUntilFinished()
            throw error
        }
    }

    /// Batches handed from the producer's thread to the consumer's, at most `capacity` waiting.
    private final class Channel<Element: Sendable>: @unchecked Sendable {
        // Everything below is read and written with `condition` locked.
        private let condition = NSCondition()
        private let capacity: Int
        private var queue: [[Element]] = []
        private var finished = false
        private var failure: (any Error)?
        private var cancelled = false

        init(capacity: Int) {
            self.capacity = capacity
        }

        /// Waits for room; throws once the consumer has given up.
        func put(_ elements: [Element]) throws {
            condition.lock()
            defer { condition.unlock() }
            while queue.count >= capacity, !cancelled { condition.wait() }
            if cancelled { throw CancellationError() }
            queue.append(elements)
            condition.broadcast()
        }

        /// The next batch; nil at the end; the producer's error after its last batch.
        func take() throws -> [Element]? {
            condition.lock()
            defer { condition.unlock() }
            while queue.isEmpty, !finished { condition.wait() }
            if !queue.isEmpty {
                condition.broadcast()
                return queue.removeFirst()
            }
            if let failure { throw failure }
            return nil
        }

        func finish(_ error: (any Error)?) {
            condition.lock()
            defer { condition.unlock() }
            finished = true
            failure = error
            condition.broadcast()
        }

        func cancel() {
            condition.lock()
            defer { condition.unlock() }
            cancelled = true
            queue.removeAll()
            condition.broadcast()
        }

        func waitUntilFinished() {
            condition.lock()
            defer { condition.unlock() }
            while !finished { condition.wait() }
        }
    }
}
