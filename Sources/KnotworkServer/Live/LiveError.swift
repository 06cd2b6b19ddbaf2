import Foundation
import KnotworkJournal
import KnotworkSession

/// Why the hub refuses what was asked of a live session: facts about the session, in its own
/// words. Only the server's edge turns them into HTTP answers (`LiveError+HTTPResponseError.swift`).
enum LiveError: Error, Equatable, CustomStringConvertible {
    /// No live session has this id, in memory or among the journal's checkpoints.
    case unknownSession(UUID)
    /// The session has finished: it takes no more events, only being saved.
    case finished(UUID)
    /// The session was saved already, as the journal's session with the same id.
    case alreadySaved(UUID)
    /// The session is still in this phase: only a finished session is saved.
    case notFinished(UUID, SessionMachine.Phase)
    /// Another request is saving the session at this moment.
    case beingSaved(UUID)
    /// Another server instance drives the session (it holds its lease) and this one cannot
    /// take it now.
    case drivenElsewhere(UUID)

    var description: String {
        switch self {
        case .unknownSession(let id): "live session \(id.lowercased) was not found"
        case .finished(let id): "live session \(id.lowercased) has finished"
        case .alreadySaved(let id): "live session \(id.lowercased) was already saved"
        case .notFinished(let id, let phase): "live session \(id.lowercased) is still \(phase.rawValue)"
        case .beingSaved(let id): "live session \(id.lowercased) is being saved"
        case .drivenElsewhere(let id): "live session \(id.lowercased) is driven by another server instance"
        }
    }
}
