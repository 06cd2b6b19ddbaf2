import Foundation
import HTTPTypes
import Hummingbird
import KnotworkCore
import KnotworkJournal
import KnotworkSession
import ServiceLifecycle
import Synchronization

/// The JSON API under `/api/v1`, as described in `openapi.yaml`.
struct APIRoutes {
    let catalog: Catalog
    let store: any JournalStore
    let hub: LiveHub<ScaledClock>
    let listings = ListingCache()
    /// Starts of live sessions one at a time: the screening rule is read and the session saved
    /// together, so one check-in never starts two sessions, however fast they are asked for.
    let starts = StartGate()
    let drawings: DrawingRoutes

    init(catalog: Catalog, store: any JournalStore, hub: LiveHub<ScaledClock>) {
        self.catalog = catalog
        self.store = store
        self.hub = hub
        drawings = DrawingRoutes(catalog: catalog)
    }

    /// Every route, as "METHOD path", for the check that the OpenAPI document describes them all.
    static let routes = [
        "GET /api/v1/catalog", "GET /api/v1/screening", "POST /api/v1/screening", "POST /api/v1/plans", "GET /api/v1/sessions", "POST /api/v1/sessions",
        "POST /api/v1/pain-ratings", "GET /api/v1/history", "GET /api/v1/exports/{format}", "POST /api/v1/live",
        "GET /api/v1/live/{id}", "POST /api/v1/live/{id}/events", "GET /api/v1/live/{id}/stream", "POST /api/v1/live/{id}/finish",
        "GET /api/v1/history/chart.svg", "GET /api/v1/drawings/anatomy.svg", "GET /api/v1/drawings/{id}.svg", "GET /health",
    ]

    /// The methods the API serves at a path, by the templates in ``routes`` (`{id}` matches any
    /// one segment), HEAD wherever GET is; empty when the path is not the API's.
    static func methods(for path: String) -> [String] {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        let methods = routes.compactMap { route -> String? in
            let parts = route.split(separator: " ")
            let template = parts[1].split(separator: "/", omittingEmptySubsequences: false)
            guard template.count == segments.count,
                zip(template, segments).allSatisfy({ ($0.hasPrefix("{") && !$1.isEmpty) || $0 == $1 })
            else { return nil }
            return String(parts[0])
        }
        return methods.contains("GET") ? methods + ["HEAD"] : methods
    }

    func register(on router: some RouterMethods<BasicRequestContext>) {
        let api = router.group("api/v1")
        api.get("catalog") { _, _ in try catalogAnswer() }
        api.get("drawings/:file") { request, context in try drawings.answer(request, file: context.parameters.get("file") ?? "") }
        api.get("screening") { _, _ in
            // Whether a session may start changes with every answer and every start: never from a cache.
            var response = try JSON.response(try await store.clearance(catalog, now: Date()))
            response.headers[.cacheControl] = "no-store"
            return response
        }
        api.post("screening") { request, _ in try await screening(request) }
        api.post("plans") { request, _ in try await plan(request) }
        api.get("sessions") { request, _ in try await sessions(request) }
        api.post("sessions") { request, _ in try await logSession(request) }
        api.post("pain-ratings") { request, _ in try await logRating(request) }
        api.get("history") { request, _ in try await history(request) }
        api.get("exports/:format") { request, context in try await export(request, format: context.parameters.get("format") ?? "") }
        api.post("live") { request, _ in try await createLive(request) }
        api.get("live/:id") { _, context in try JSON.response(try await hub.view(id: liveID(context))) }
        api.post("live/:id/events") { request, context in try await liveEvent(request, id: liveID(context)) }
        api.get("live/:id/stream") { request, context in try await stream(request, id: liveID(context)) }
        api.post("live/:id/finish") { request, context in try await finishLive(request, id: liveID(context)) }
    }

    // MARK: - Catalog, screening, plans

    private func catalogAnswer() throws -> Response {
        let renderer = DrawingRenderer(catalog: catalog)
        return try JSON.response(
            CatalogAnswer(
                muscles: catalog.muscles, regions: catalog.regions, tools: catalog.tools, techniques: catalog.techniques,
                limits: catalog.limits, screening: catalog.screening, screeningGroups: catalog.screeningGroups,
                drawings: Dictionary(uniqueKeysWithValues: catalog.drawings.ids.map { ($0, renderer.text($0) ?? "") })))
    }

    /// A full screening, or the check-in before a session. Unanswered is not "no": a screening
    /// is kept only when every question of its kind is answered, or when it is a stop.
    private func screening(_ request: Request) async throws -> Response {
        let body = try await JSON.decode(ScreeningBody.self, from: request)
        let kind = try body.kind.map { raw throws(InputError) in
            guard let kind = PastScreening.Kind(rawValue: raw) else {
                throw InputError(
                    field: "kind", value: raw,
                    problem: "unknown kind '\(raw)'; \(Suggestion.hint(for: raw, in: PastScreening.Kind.allCases.map(\.rawValue)))")
            }
            return kind
        } ?? .full
        let result = try catalog.screening.checkComplete(body.answers, kind: kind, field: "answers")
        return try await starts.run {
            if kind == .checkIn {
                let now = try await store.clearance(catalog, now: Date())
                guard now.takesCheckIn else {
                    throw Problem(
                        .conflict, "a check-in cannot replace the full screening: \(now.detail)", field: "kind", clearance: now)
                }
            }
            try await store.add(
                ScreeningRecord(
                    at: Date(), timeZone: TimeZone.current.identifier, kind: kind, verdict: result.verdict, answers: body.answers))
            return try JSON.response(ScreeningAnswer(result: result, clearance: try await store.clearance(catalog, now: Date())))
        }
    }

    /// A plan for the answers given, with the journal's rest rule; a plan without every answer
    /// says it is not screened.
    private func plan(_ request: Request) async throws -> Response {
        let body = try await JSON.decode(PlanBody.self, from: request)
        var planRequest = try body.request(catalog)
        planRequest.recentDeepPressure = try await recentDeepPressure(now: Date())
        switch try Planner(catalog: catalog).plan(planRequest) {
        case .plan(let plan): return try JSON.response(PlanAnswer(plan: plan, catalog: catalog))
        case .stop(let result): return try JSON.response(PlanAnswer(stop: result))
        case .withheld(let precautions): return try JSON.response(PlanAnswer(withheld: precautions))
        }
    }

    // MARK: - Journal

    private func sessions(_ request: Request) async throws -> Response {
        let limit = try request.queryInt("limit", default: 50, in: 1...1000)
        var query = SessionQuery(limit: limit)
        query.region = try request.queryRegion(in: catalog)
        // The list changes only when a session is added: serve the encoded answer until then.
        let key = "\(limit)|\(query.region ?? "")"
        let mark = try await store.sessionsMark()
        let body: ByteBuffer
        if let cached = listings.body(for: key, mark: mark) {
            body = cached
        } else {
            body = ByteBuffer(data: try JSON.encoder.encode(SessionList(sessions: try await store.sessions(query))))
            listings.keep(body, for: key, mark: mark)
        }
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: body))
    }

    private func logSession(_ request: Request) async throws -> Response {
        let body = try await JSON.decode(SessionBody.self, from: request)
        try checkPain(body.painBefore, field: "painBefore")
        try checkPain(body.painAfter, field: "painAfter")
        let at = try checkedTime(body.at)
        let session = SessionRecord(
            id: body.id ?? UUID(), startedAt: at, timeZone: TimeZone.current.identifier,
            regions: try APIInput.regions(body.regions ?? [], in: catalog),
            side: try body.side.map(APIInput.side), painBefore: body.painBefore, painAfter: body.painAfter,
            note: try APIInput.note(body.note), source: .log)
        return try await keptOnce(session, noun: "session", add: store.add, kept: store.session) { sent, kept in
            var sent = sent
            if body.at == nil { sent.startedAt = kept.startedAt }
            return sent
        }
    }

    private func logRating(_ request: Request) async throws -> Response {
        let body = try await JSON.decode(RatingBody.self, from: request)
        try checkPain(body.pain, field: "pain")
        let rating = PainRating(
            id: body.id ?? UUID(), at: try checkedTime(body.at), timeZone: TimeZone.current.identifier, pain: body.pain,
            region: try body.region.flatMap { try APIInput.regions([$0], in: catalog, field: "region").first },
            side: try body.side.map(APIInput.side),
            note: try APIInput.note(body.note))
        return try await keptOnce(rating, noun: "pain rating", add: store.add, kept: store.rating) { sent, kept in
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
                    .conflict, "id \(id.uuidString.lowercased()) is already used by a \(noun) with other content; send a new id for a new \(noun)",
                    field: "id")
            }
            return try JSON.response(kept, status: .ok)
        }
    }

    private func checkedTime(_ at: Date?) throws -> Date {
        guard let at else { return Date() }
        try RecordTime.check(at, now: Date(), field: "at", as: Timestamp.utc(at))
        return at
    }

    /// The summary of a span, and its sessions a page at a time, newest first: a journal of
    /// any size is answered in a fixed amount of memory.
    private func history(_ request: Request) async throws -> Response {
        var query = SessionQuery(limit: try request.queryInt("limit", default: 100, in: 1...1000), newestFirst: true)
        query.from = try request.querySince(now: Date())
        query.region = try request.queryRegion(in: catalog)
        if let raw = request.uri.queryParameters.get("before") {
            guard let key = RecordKey(String(raw)) else {
                throw Problem(.unprocessableContent, "'\(raw)' is not a page mark; give the 'next' of the previous page", field: "before")
            }
            query.after = key
        }
        let digest = try await store.digest(query, timeZone: TimeZone.current)
        let sessions = try await store.sessions(query)
        let next = sessions.count == query.limit ? sessions.last.map { $0.key.description } : nil
        return try JSON.response(HistoryAnswer(sessions: sessions, summary: HistorySummary(digest: digest, phrases: catalog.phrases), next: next))
    }

    /// An export, written a page of records at a time as it is read.
    private func export(_ request: Request, format raw: String) async throws -> Response {
        let format: ExportFormat
        do {
            format = try ExportFormat.named(raw)
        } catch {
            throw Problem(.notFound, error.problem, field: "format")
        }
        let export = JournalExport(store: store, format: format, now: Date())
        return Response(
            status: .ok,
            headers: [.contentType: format.mediaType, .contentDisposition: "attachment; filename=\"knotwork-journal.\(format.fileExtension)\""],
            body: ResponseBody { writer in
                try await export.write { piece in try await writer.write(ByteBuffer(string: piece)) }
                try await writer.finish(nil)
            })
    }

    // MARK: - Live sessions

    private func liveID(_ context: BasicRequestContext) throws -> UUID {
        let raw = context.parameters.get("id") ?? ""
        guard let id = UUID(text: raw) else { throw Problem(.notFound, "'\(raw)' is not a live session id", field: "id") }
        return id
    }

    /// The rest rule's muscles, with the live sessions' steps from the hub's memory.
    private func recentDeepPressure(now: Date) async throws -> [MuscleID] {
        let since = now.addingTimeInterval(-Double(Planner.restHours) * 3600)
        return try await store.recentDeepPressure(now: now, catalog: catalog, live: await hub.deepPressureOutcomes(since: since))
    }

    /// Starts a live session, only when the screening rule is clear: the plan is made (or a
    /// plan given is checked and adopted) under the answers in force and the rest rule.
    private func createLive(_ request: Request) async throws -> Response {
        let body = try await JSON.decode(LiveBody.self, from: request)
        try checkPain(body.painBefore, field: "painBefore")
        let planner = Planner(catalog: catalog)
        let requested = try body.request.map { try $0.request(catalog) }
        let source: PlanSource
        if let given = body.plan {
            try planner.check(given)
            source = .plan(given)
        } else if let requested {
            source = .request(requested)
        } else {
            throw InputError(field: "request", value: "", problem: "give a plan request (request) or a plan (plan)")
        }
        return try await starts.run {
            let now = Date()
            let clearance = try await store.clearance(catalog, now: now)
            guard clearance.isClear else {
                throw Problem(
                    clearance.status == .stop ? .unprocessableContent : .conflict,
                    "no session without a complete screening: \(clearance.detail)", field: "screening",
                    title: clearance.status == .stop ? "Self-treatment is not advised" : "Screening needed", clearance: clearance)
            }
            let recent = try await recentDeepPressure(now: now)
            switch try planner.sessionPlan(source, answers: clearance.answers, recentDeepPressure: recent).outcome {
            case .plan(let plan):
                // These answers start this session; the next one asks again. Marked first: should
                // the start fail, the person answers again rather than a second session starting.
                if let basis = clearance.basis { try await store.markScreeningUsed(id: basis, at: now) }
                return try JSON.response(try await hub.create(plan: plan, painBefore: body.painBefore), status: .created)
            case .stop(let result):
                throw Problem(
                    .unprocessableContent, "a red flag was answered yes: \(result.care?.advice ?? "get care")", field: "screening",
                    title: "Self-treatment is not advised")
            case .withheld(let precautions):
                throw Problem(
                    .unprocessableContent, precautions.map { "\($0.planChange) \($0.stillAllowed ?? "")" }.joined(separator: " "),
                    field: "screening", title: "No pressure work for now")
            }
        }
    }

    private func liveEvent(_ request: Request, id: UUID) async throws -> Response {
        let body = try await JSON.decode(EventBody.self, from: request)
        let signals = catalog.screening.stopSignals.map(\.id)
        if let signal = body.signal, !signals.contains(signal) {
            throw InputError(field: "signal", value: signal, problem: "unknown stop signal '\(signal)'; \(Suggestion.hint(for: signal, in: signals))")
        }
        guard let event = SessionMachine.Event(name: body.event, signal: body.signal, signals: signals) else {
            if body.event == "stop" {
                throw InputError(field: "signal", value: "", problem: "a stop needs its signal, one of \(signals.joined(separator: ", "))")
            }
            let valid = SessionMachine.Event.names
            throw InputError(field: "event", value: body.event, problem: "unknown event '\(body.event)'; \(Suggestion.hint(for: body.event, in: valid))")
        }
        if let step = body.step, !(1...1000).contains(step) {
            throw InputError(field: "step", value: String(step), problem: "is not a step number (1 to 1000)")
        }
        return try JSON.response(try await hub.send(event, to: id, forStep: body.step))
    }

    private func stream(_ request: Request, id: UUID) async throws -> Response {
        let last = request.headers[.lastEventID].flatMap(Int.init) ?? request.uri.queryParameters.get("lastEventId").flatMap { Int($0) }
        let (events, continuation) = try await hub.listen(to: id, after: last)
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
            body: ResponseBody { writer in
                try await writer.write(ByteBuffer(string: "retry: 1000\n\n"))
                // A stream ends when the server shuts down gracefully, so it never holds that up.
                // (A handler, not `cancelOnGracefulShutdown()`: that runs three tasks per stream.)
                try await withGracefulShutdownHandler {
                    for await event in events {
                        try await writer.write(ByteBuffer(string: event.encoded))
                    }
                } onGracefulShutdown: {
                    continuation.finish()
                }
                try await writer.finish(nil)
            })
    }

    private func finishLive(_ request: Request, id: UUID) async throws -> Response {
        let body = try await JSON.decode(FinishBody.self, from: request)
        try checkPain(body.painAfter, field: "painAfter")
        return try JSON.response(try await hub.finish(id: id, painAfter: body.painAfter, note: try APIInput.note(body.note)), status: .created)
    }
}

/// Encoded session lists, each kept until a session is added.
final class ListingCache: Sendable {
    private let entries = Mutex<[String: (mark: Int64, body: ByteBuffer)]>([:])
    /// Distinct lists kept at most (limit × region); beyond that the oldest are dropped wholesale.
    static let capacity = 64

    func body(for key: String, mark: Int64) -> ByteBuffer? {
        entries.withLock { entries in
            guard let entry = entries[key], entry.mark == mark else { return nil }
            return entry.body
        }
    }

    func keep(_ body: ByteBuffer, for key: String, mark: Int64) {
        entries.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = (mark, body)
        }
    }
}

/// Runs one start (or check-in) at a time, awaits included: an actor alone would let a second
/// caller in while the first waits on the journal.
actor StartGate {
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        while busy { await withCheckedContinuation { waiting.append($0) } }
        busy = true
        defer {
            busy = false
            if !waiting.isEmpty { waiting.removeFirst().resume() }
        }
        return try await body()
    }
}

extension HTTPField.Name {
    static let lastEventID = Self("Last-Event-ID")!
    static let referrerPolicy = Self("Referrer-Policy")!
}
