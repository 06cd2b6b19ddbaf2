import Foundation
import Hummingbird
import KnotworkCore
import KnotworkJournal

/// The screening (`/api/v1/screening`: whether a session may start, and the answers that decide
/// it) and the plans made under it (`/api/v1/plans`).
struct ScreeningRoutes: Sendable {
    static let routes = ["GET /api/v1/screening", "POST /api/v1/screening", "POST /api/v1/plans"]

    let catalog: Catalog
    let store: any JournalStore
    let time: ServerTime
    let rest: RestRule
    /// Shared with the live sessions' starts: a check-in and a start never interleave.
    let starts: StartGate

    var endpoints: RouteCollection<AppRequestContext> {
        RouteCollection(context: AppRequestContext.self)
            .get("screening") { _, context in try await clearance(owner: context.owner) }
            .post("screening") { request, context in try await screening(request, owner: context.owner) }
            .post("plans") { request, context in try await plan(request, owner: context.owner) }
    }

    private func clearance(owner: AccountID) async throws -> Response {
        // Whether a session may start changes with every answer and every start: never from a cache.
        var response = try JSON.response(try await store.clearance(catalog, now: time.now(), owner: owner))
        response.headers[.cacheControl] = "no-store"
        return response
    }

    /// A full screening, or the check-in before a session. Unanswered is not "no": a screening
    /// is kept only when every question of its kind is answered, or when it is a stop.
    private func screening(_ request: Request, owner: AccountID) async throws -> Response {
        let body = try await JSON.decode(ScreeningBody.self, from: request)
        let kind =
            try body.kind.map { raw throws(InputError) in
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
                let now = try await store.clearance(catalog, now: time.now(), owner: owner)
                guard now.takesCheckIn else {
                    throw Problem(
                        .conflict, "a check-in cannot replace the full screening: \(now.detail)", field: "kind", clearance: now)
                }
            }
            try await store.add(
                ScreeningRecord(
                    at: time.now(), timeZone: time.timeZone.identifier, kind: kind, verdict: result.verdict, answers: body.answers),
                owner: owner)
            return try JSON.response(
                ScreeningAnswer(result: result, clearance: try await store.clearance(catalog, now: time.now(), owner: owner)))
        }
    }

    /// A plan for the answers given, with the journal's rest rule; a plan without every answer
    /// says it is not screened.
    private func plan(_ request: Request, owner: AccountID) async throws -> Response {
        let body = try await JSON.decode(PlanBody.self, from: request)
        var planRequest = try body.request(catalog)
        planRequest.recentDeepPressure = try await rest.recentDeepPressure(now: time.now(), owner: owner)
        switch try Planner(catalog: catalog).plan(planRequest) {
        case .plan(let plan): return try JSON.response(PlanAnswer(plan: plan, catalog: catalog))
        case .stop(let result): return try JSON.response(PlanAnswer(stop: result))
        case .withheld(let precautions): return try JSON.response(PlanAnswer(withheld: precautions))
        }
    }
}
