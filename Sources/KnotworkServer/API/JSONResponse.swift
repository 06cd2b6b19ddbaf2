import Foundation
import Hummingbird
import KnotworkCore
import KnotworkJournal

/// JSON responses and request bodies, with the journal's conventions: ISO 8601 UTC dates, sorted keys.
enum JSON {
    static let encoder = JournalBackup.encoder(pretty: false)
    static let contentType = "application/json; charset=utf-8"

    static func response<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try encoder.encode(value)
        return Response(
            status: status, headers: [.contentType: contentType],
            body: .init(byteBuffer: ByteBuffer(data: data)))
    }

    /// Decodes the request body, strictly: a body that is not this type is a 400 naming the field.
    static func decode<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T {
        var request = request
        let buffer = try await request.collectBody(upTo: .max)
        guard buffer.readableBytes > 0 else { throw Problem(.badRequest, "a JSON body is required") }
        let data = Data(buffer: buffer)
        // Read strictly first: a key given twice would otherwise quietly keep its last value.
        do {
            _ = try JSONValue.parse(data)
        } catch {
            throw Problem(.badRequest, "the body is not valid JSON: \(error.description)")
        }
        return try JournalBackup.decoder().decode(type, from: data)
    }
}

extension Request {
    /// A query parameter as an integer in a range, or a 422 naming it.
    func queryInt(_ name: String, default fallback: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let raw = uri.queryParameters.get(name) else { return fallback }
        guard let value = Int(raw), range.contains(value) else {
            throw Problem(
                .unprocessableContent, "'\(raw)' is not a whole number from \(range.lowerBound) to \(range.upperBound)", field: name)
        }
        return value
    }

    /// The `region` query parameter, exactly a region id, or nil when it is absent.
    func queryRegion(in catalog: Catalog) throws -> RegionID? {
        guard let raw = uri.queryParameters.get("region") else { return nil }
        return try APIInput.regions([String(raw)], in: catalog, field: "region").first
    }

    /// The `since` query parameter, exactly as openapi.yaml's `Span` allows (`30d`, `12w`,
    /// `all`; 30d when absent): the start of the period, nil for all of it.
    func querySince(now: Date) throws -> Date? {
        try HistorySpan.start(since: uri.queryParameters.get("since").map { String($0) } ?? HistorySpan.standard, now: now)
    }
}
