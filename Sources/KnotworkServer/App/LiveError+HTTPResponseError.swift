import Hummingbird
import KnotworkJournal

/// A live session's refusal as the API answers it, in problem+json: 404 for a session it does
/// not know, 409 for one that is not in the state the request needs.
extension LiveError: HTTPResponseError {
    var status: HTTPResponse.Status { problem.status }

    var problem: Problem {
        switch self {
        case .unknownSession(let id):
            Problem(.notFound, "live session \(id.lowercased) was not found")
        case .finished(let id):
            Problem(.conflict, "the session has finished; save it with POST /api/v1/live/\(id.lowercased)/finish")
        case .alreadySaved(let id):
            Problem(.conflict, "the session was already saved as session \(id.lowercased); it is in the journal once", field: "id")
        case .notFinished(_, let phase):
            Problem(.conflict, "the session is still \(phase.rawValue); it can be saved once it has finished")
        case .beingSaved(let id):
            Problem(.conflict, "the session is being saved by another request as session \(id.lowercased)", field: "id")
        case .drivenElsewhere:
            Problem(.serviceUnavailable, "the session is moving between server instances; try again in a moment").retrying(after: 2)
        }
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        try problem.response(from: request, context: context)
    }
}
