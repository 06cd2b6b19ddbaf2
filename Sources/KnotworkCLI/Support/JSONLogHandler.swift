import Foundation
import KnotworkCore
import Logging

/// `serve --log-format json`: one JSON object a line on standard error, for a log collector to
/// read without parsing prose. Each line has `time` (ISO 8601, UTC, milliseconds), `level`,
/// `label` and `message`, then the metadata as string fields (`error` too, when one was logged);
/// a metadata key that is one of those four is written as `metadata.<key>`.
struct JSONLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?
    /// Where a whole line goes, at once: standard error in use.
    let write: @Sendable (String) -> Void
    let now: @Sendable () -> Date

    init(
        label: String, metadataProvider: Logger.MetadataProvider? = nil, now: @escaping @Sendable () -> Date = { Date() },
        write: @escaping @Sendable (String) -> Void = JSONLogHandler.standardError
    ) {
        self.label = label
        self.metadataProvider = metadataProvider
        self.now = now
        self.write = write
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        write(line(for: event))
    }

    private static let reserved: Set<String> = ["time", "level", "label", "message"]
    private static let timeStyle = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)

    /// The event as one line of JSON, with its newline.
    func line(for event: LogEvent) -> String {
        // The handler's, then the provider's, then the event's own: the later wins a key.
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let own = event.metadata { merged.merge(own) { _, new in new } }
        var fields: [(String, String)] = [
            ("time", Self.timeStyle.format(now())), ("level", event.level.rawValue), ("label", label),
            ("message", event.message.description),
        ]
        if let error = event.error { merged["error"] = "\(error)" }
        for (key, value) in merged.sorted(by: { $0.key < $1.key }) {
            fields.append((Self.reserved.contains(key) ? "metadata.\(key)" : key, value.description))
        }
        // Each string as the catalog's JSON writes one: quotes, backslashes and control
        // characters escaped, everything else (non-ASCII included) as its UTF-8.
        let quoted = { (text: String) in JSONValue.string(text).serialized }
        return "{" + fields.map { "\(quoted($0.0)):\(quoted($0.1))" }.joined(separator: ",") + "}\n"
    }

    /// Writes a line to standard error in one call, so that lines from several threads never mix.
    @Sendable static func standardError(_ line: String) {
        FileHandle.standardError.write(Data(line.utf8))
    }
}
