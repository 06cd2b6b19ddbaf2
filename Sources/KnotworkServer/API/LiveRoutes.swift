import Foundation
import HTTPTypes
import Hummingbird
import KnotworkCore
import KnotworkJournal
import KnotworkSession
import ServiceLifecycle

/// Live sessions (`/api/v1/live`): started under the screening rule, driven by the person's
/// events, streamed as Server-Sent Events, and saved to the journal when they finish.
struct LiveRoutes: Sendable {
    static let routes = [
        "POST /api/v1/live", "GET /api/v1/live/{id}", "POST /api/v1/live/{id}/events", "GET /api/v1/live/{id}/stream",
        "POST /api/v1/live/{id}/finish",
    ]

    let catalog: Catalog
    let store: any JournalStore
    let time: ServerTime
    let hub: LiveHub<ScaledClock>
    let rest: RestRule
    /// Shared with the screening's check-ins: a check-in and a start never interleave.
    let starts: StartGate

    var endpoints: RouteCollection<AppRequestContext> {
        RouteCollection(context: AppRequestContext.self)
            .post("live") { request, context in try await create(request, owner: context.owner) }
            .get("live/:id") { _, context in try JSON.response(try await hub.view(id: liveID(context), owner: context.owner)) }
            .post("live/:id/events") { request, context in try await event(request, id: liveID(context), owner: context.owner) }
            .get("live/:id/stream") { request, context in try await stream(request, id: liveID(context), owner: context.owner) }
            .post("live/:id/finish") { request, context in try await finish(request, id: liveID(context), owner: context.owner) }
    }

    private func liveID(_ context: AppRequestContext) throws -> UUID {
        let raw = context.parameters.get("id") ?? ""
        guard let id = UUID(text: raw) else { throw Problem(.notFound, "'\(raw)' is not a live session id", field: "id") }
        return id
    }

    /// Starts a live session, only when the screening rule is clear: the plan is made (or a
    /// plan given is checked and adopted) under the answers in force and the rest rule.
    private func create(_ request: Request, owner: AccountID) async throws -> Response {
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
            let now = time.now()
            let clearance = try await store.clearance(catalog, now: now, owner: owner)
            guard clearance.isClear else {
                throw Problem(
                    clearance.status == .stop ? .unprocessableContent : .conflict,
                    "no session without a complete screening: \(clearance.detail)", field: "screening",
                    title: clearance.status == .stop ? "Self-treatment is not advised" : "Screening needed", clearance: clearance)
            }
            let recent = try await rest.recentDeepPressure(now: now, owner: owner)
            switch try planner.sessionPlan(source, answers: clearance.answers, recentDeepPressure: recent).outcome {
            case .plan(let plan):
                // These answers start this session; the next one asks again. Marked first: should
                // the start fail, the person answers again rather than a second session starting.
                if let basis = clearance.basis { try await store.markScreeningUsed(id: basis, at: now, owner: owner) }
                return try JSON.response(try await hub.create(plan: plan, painBefore: body.painBefore, owner: owner), status: .created)
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

    private func event(_ request: Request, id: UUID, owner: AccountID) async throws -> Response {
        let body = try await JSON.decode(EventBody.self, from: request)
        let signals = catalog.screening.stopSignals.map(\.id)
        if let signal = body.signal, !signals.contains(signal) {
            throw InputError(
                field: "signal", value: signal, problem: "unknown stop signal '\(signal)'; \(Suggestion.hint(for: signal, in: signals))")
        }
        guard let event = SessionMachine.Event(name: body.event, signal: body.signal, signals: signals) else {
            if body.event == "stop" {
                throw InputError(field: "signal", value: "", problem: "a stop needs its signal, one of \(signals.joined(separator: ", "))")
            }
            let valid = SessionMachine.Event.names
            throw InputError(
                field: "event", value: body.event, problem: "unknown event '\(body.event)'; \(Suggestion.hint(for: body.event, in: valid))")
        }
        if let step = body.step, !(1...1000).contains(step) {
            throw InputError(field: "step", value: String(step), problem: "is not a step number (1 to 1000)")
        }
        return try JSON.response(try await hub.send(event, to: id, owner: owner, forStep: body.step))
    }

    private func stream(_ request: Request, id: UUID, owner: AccountID) async throws -> Response {
        let last = request.headers[.lastEventID].flatMap(Int.init) ?? request.uri.queryParameters.get("lastEventId").flatMap { Int($0) }
        let (events, continuation) = try await hub.listen(to: id, owner: owner, after: last)
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

    private func finish(_ request: Request, id: UUID, owner: AccountID) async throws -> Response {
        let body = try await JSON.decode(FinishBody.self, from: request)
        try checkPain(body.painAfter, field: "painAfter")
        return try JSON.response(
            try await hub.finish(id: id, owner: owner, painAfter: body.painAfter, note: try APIInput.note(body.note)), status: .created)
    }
}

extension HTTPField.Name {
    static let lastEventID = Self("Last-Event-ID")!
}
