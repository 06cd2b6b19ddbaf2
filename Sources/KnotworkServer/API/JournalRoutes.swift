import Foundation
import Hummingbird
import KnotworkCore
import KnotworkJournal

/// The journal: sessions and pain ratings logged and listed, the history of a span (with its
/// chart), and exports.
struct JournalRoutes: Sendable {
    static let routes = [
        "GET /api/v1/sessions", "POST /api/v1/sessions", "POST /api/v1/pain-ratings", "GET /api/v1/history",
        "GET /api/v1/history/chart.svg", "GET /api/v1/exports/{format}",
    ]

    let catalog: Catalog
    let store: any JournalStore
    let time: ServerTime
    let listings = ListingCache()

    var endpoints: RouteCollection<AppRequestContext> {
        RouteCollection(context: AppRequestContext.self)
            .get("sessions") { request, context in try await sessions(request, owner: context.owner) }
            .post("sessions") { request, context in try await logSession(request, owner: context.owner) }
            .post("pain-ratings") { request, context in try await logRating(request, owner: context.owner) }
            .get("history") { request, context in try await history(request, owner: context.owner) }
            .get("history/chart.svg") { request, context in try await chart(request, owner: context.owner) }
            .get("exports/:format") { request, context in
                try await export(request, format: context.parameters.get("format") ?? "", owner: context.owner)
            }
    }

    // MARK: - Sessions and pain ratings

    private func sessions(_ request: Request, owner: AccountID) async throws -> Response {
        let limit = try request.queryInt("limit", default: 50, in: 1...1000)
        var query = SessionQuery(limit: limit)
        query.region = try request.queryRegion(in: catalog)
        // The list changes only when a session is added: serve the encoded answer until then. The
        // mark is the journal's, not the owner's: it may move for another's session, never stay.
        let key = "\(owner)|\(limit)|\(query.region ?? "")"
        let mark = try await store.sessionsMark()
        let body: ByteBuffer
        if let cached = listings.body(for: key, mark: mark) {
            body = cached
        } else {
            body = ByteBuffer(data: try JSON.encoder.encode(SessionList(sessions: try await store.sessions(query, owner: owner))))
            listings.keep(body, for: key, mark: mark)
        }
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: body))
    }

    private func logSession(_ request: Request, owner: AccountID) async throws -> Response {
        let body = try await JSON.decode(SessionBody.self, from: request)
        try checkPain(body.painBefore, field: "painBefore")
        try checkPain(body.painAfter, field: "painAfter")
        let at = try checkedTime(body.at)
        let session = SessionRecord(
            id: body.id ?? UUID(), startedAt: at, timeZone: time.timeZone.identifier,
            regions: try APIInput.regions(body.regions ?? [], in: catalog),
            side: try body.side.map(APIInput.side), painBefore: body.painBefore, painAfter: body.painAfter,
            note: try APIInput.note(body.note), source: .log)
        return try await keptOnce(
            session, noun: "session", add: { try await store.add($0, owner: owner) },
            kept: { try await store.session(id: $0, owner: owner) }
        ) { sent, kept in
            var sent = sent
            if body.at == nil { sent.startedAt = kept.startedAt }
            return sent
        }
    }

    private func logRating(_ request: Request, owner: AccountID) async throws -> Response {
        let body = try await JSON.decode(RatingBody.self, from: request)
        try checkPain(body.pain, field: "pain")
        let rating = PainRating(
            id: body.id ?? UUID(), at: try checkedTime(body.at), timeZone: time.timeZone.identifier, pain: body.pain,
            region: try body.region.flatMap { try APIInput.regions([$0], in: catalog, field: "region").first },
            side: try body.side.map(APIInput.side),
            note: try APIInput.note(body.note))
        return try await keptOnce(
            rating, noun: "pain rating", add: { try await store.add($0, owner: owner) },
            kept: { try await store.rating(id: $0, owner: owner) }
        ) { sent, kept in
            var sent = sent
            if body.at == nil { sent.at = kept.at }
            return sent
        }
    }

    /// Adds a record sent with its id (201). Sent again (a retry, a double tap), the same record is
    /// answered as kept, once (200); other content under that id is a 409.
    /// - Parameter untimed: the record as sent, given the one kept: a record sent without a time
    ///   took the time it arrived, which a second sending does not change.
    private func keptOnce<R: Identifiable & Equatable & Encodable & Sendable>(
        _ record: R, noun: String, add: (R) async throws -> Void, kept: (UUID) async throws -> R?,
        untimed: (R, R) -> R
    ) async throws -> Response where R.ID == UUID {
        do {
            try await add(record)
            return try JSON.response(record, status: .created)
        } catch JournalError.duplicate(let id) {
            guard let kept = try await kept(id), untimed(record, kept) == kept else {
                throw Problem(
                    .conflict,
                    "id \(id.uuidString.lowercased()) is already used by a \(noun) with other content; send a new id for a new \(noun)",
                    field: "id")
            }
            return try JSON.response(kept, status: .ok)
        }
    }

    private func checkedTime(_ at: Date?) throws -> Date {
        guard let at else { return time.now() }
        try RecordTime.check(at, now: time.now(), field: "at", as: Timestamp.utc(at))
        return at
    }

    // MARK: - History and exports

    /// The summary of a span, and its sessions a page at a time, newest first: a journal of
    /// any size is answered in a fixed amount of memory.
    private func history(_ request: Request, owner: AccountID) async throws -> Response {
        var query = SessionQuery(limit: try request.queryInt("limit", default: 100, in: 1...1000), newestFirst: true)
        query.from = try request.querySince(now: time.now())
        query.region = try request.queryRegion(in: catalog)
        if let raw = request.uri.queryParameters.get("before") {
            guard let key = RecordKey(String(raw)) else {
                throw Problem(.unprocessableContent, "'\(raw)' is not a page mark; give the 'next' of the previous page", field: "before")
            }
            query.after = key
        }
        let digest = try await store.digest(query, owner: owner, timeZone: time.timeZone)
        let sessions = try await store.sessions(query, owner: owner)
        let next = sessions.count == query.limit ? sessions.last.map { $0.key.description } : nil
        return try JSON.response(
            HistoryAnswer(sessions: sessions, summary: HistorySummary(digest: digest, phrases: catalog.phrases), next: next))
    }

    /// The span's chart, drawn from its digest: a chart of a million sessions takes no more
    /// memory than one of ten.
    private func chart(_ request: Request, owner: AccountID) async throws -> Response {
        let span = SessionQuery(from: try request.querySince(now: time.now()))
        let digest = try await store.digest(span, owner: owner, timeZone: time.timeZone)
        let raw = request.uri.queryParameters.get("size").map { String($0) } ?? "standard"
        guard let size = SVGChart.Size(rawValue: raw) else {
            let sizes = SVGChart.Size.allCases.map(\.rawValue)
            throw Problem(.unprocessableContent, "unknown size '\(raw)'; \(Suggestion.hint(for: raw, in: sizes))", field: "size")
        }
        let svg = SVGChart(digest: digest, title: catalog.phrases.render("chart.title"), size: size, phrases: catalog.phrases).render()
        return Response(status: .ok, headers: [.contentType: "image/svg+xml"], body: .init(byteBuffer: ByteBuffer(string: svg)))
    }

    /// An export, written a page of records at a time as it is read.
    private func export(_ request: Request, format raw: String, owner: AccountID) async throws -> Response {
        let format: ExportFormat
        do {
            format = try ExportFormat.named(raw)
        } catch {
            throw Problem(.notFound, error.problem, field: "format")
        }
        let export = JournalExport(store: store, owner: owner, format: format, now: time.now())
        return Response(
            status: .ok,
            headers: [
                .contentType: format.mediaType, .contentDisposition: "attachment; filename=\"knotwork-journal.\(format.fileExtension)\"",
            ],
            body: ResponseBody { writer in
                try await export.write { piece in try await writer.write(ByteBuffer(string: piece)) }
                try await writer.finish(nil)
            })
    }
}
