import Foundation

/// A screening as the journal keeps it: when, which kind, the answers, and whether a session
/// has started on it.
public struct PastScreening: Sendable, Equatable {
    /// A full screening asks every question; a check-in only ``ScreeningContent/checkInQuestions``.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case full
        case checkIn = "check-in"
    }

    public let id: UUID
    public let at: Date
    public let kind: Kind
    public let answers: [QuestionID: Bool]
    /// Whether a session has started on these answers: they count for one session.
    public let used: Bool

    public init(id: UUID = UUID(), at: Date, kind: Kind, answers: [QuestionID: Bool], used: Bool = false) {
        self.id = id
        self.at = at
        self.kind = kind
        self.answers = answers
        self.used = used
    }
}

/// Whether a session may start now, and if not what must be asked first. Every surface (the
/// terminal coach, the API, the web app through the API) asks ``Catalog/clearance(_:now:)``
/// and nothing else.
public struct Clearance: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable, CaseIterable {
        /// A session may start, with ``Clearance/answers``.
        case clear
        /// Ask the check-in (``Clearance/questions``), then a session may start.
        case checkIn = "check-in"
        /// Ask every question (``Clearance/questions``).
        case screening
        /// A red flag or combination was answered yes: no session until a new full screening.
        case stop
    }

    public enum Reason: String, Codable, Sendable, CaseIterable {
        /// Clear: a full screening or a check-in was answered just now.
        case answeredNow = "answered-now"
        /// Screening: there is none yet.
        case none
        /// Screening: the last one left questions unanswered.
        case incomplete
        /// Screening: the last one had a yes, so it is not reused.
        case answeredYes = "answered-yes"
        /// Screening: the last full one is more than 30 days old.
        case expired
        /// Check-in: asked before every session.
        case beforeEverySession = "before-every-session"
        /// Stop: the last screening or check-in called for care.
        case stopStands = "stop-stands"
    }

    public let status: Status
    public let reason: Reason
    /// The status and reason in words, from the phrases (`clearance.<reason>`).
    public internal(set) var detail: String
    /// The questions to ask now: every one for a screening, the check-in's for a check-in.
    public let questions: [QuestionID]
    /// The answers a plan uses when clear (the full screening's, updated by the check-in).
    public let answers: [QuestionID: Bool]
    /// The verdict behind a clear or a stop.
    public let result: ScreeningResult?
    /// When the full screening in force was answered.
    public let screenedAt: Date?
    /// Until when the full screening is reused with a check-in (nil when it is not reused).
    public let reusedUntil: Date?
    /// Clear until then: a session must start before it, or the check-in is asked again.
    public let validUntil: Date?
    /// The screening or check-in whose answers make it clear: mark it used when a session
    /// starts (``JournalStore/markScreeningUsed(id:at:)``).
    public let basis: UUID?

    /// Whether a session may start.
    public var isClear: Bool { status == .clear }
}

extension ScreeningContent {
    /// A full screening is reused, with a check-in before each session, for at most this long.
    public static let reuseLimit: TimeInterval = 30 * 86_400
    /// Answers given now count for a session started within this long, and for one session only.
    public static let answersHold: TimeInterval = 60 * 60

    /// The inputs of ``clearance(_:now:)``: what the journal knows.
    public struct ScreeningHistory: Sendable, Equatable {
        /// The latest full screening, of any age.
        public var full: PastScreening?
        /// Check-ins since it, oldest first.
        public var checkIns: [PastScreening]

        public init(full: PastScreening?, checkIns: [PastScreening] = []) {
            self.full = full
            self.checkIns = checkIns
        }
    }

    /// Whether a session may start now, with ``Clearance/detail`` left empty: the one rule
    /// every surface uses, through ``Catalog/clearance(_:now:)`` which words it.
    ///
    /// - No full screening, or one with an unanswered question: ask every question.
    /// - A red flag or combination answered yes, in the full screening or a check-in since: stop,
    ///   until a new full screening replaces it.
    /// - Answers given within the last hour that no session has started on yet: clear.
    /// - Otherwise a full screening is reused for 30 days when every question was answered and
    ///   none was yes, with the check-in (the emergency and same-day questions) before each
    ///   session; anything else asks every question again.
    func clearance(_ history: ScreeningHistory, now: Date) -> Clearance {
        guard let full = history.full else {
            return ask(.screening, .none)
        }
        let checkIns = history.checkIns.filter { $0.kind == .checkIn && $0.at >= full.at }.sorted { $0.at < $1.at }
        let fullResult = evaluate(full.answers)
        if fullResult.verdict == .stop {
            return stopped(fullResult, full: full)
        }
        for checkIn in checkIns {
            let result = evaluate(full.answers.merging(checkIn.answers) { $1 })
            if result.verdict == .stop { return stopped(result, full: full) }
        }
        guard fullResult.isComplete else {
            return ask(.screening, .incomplete)
        }
        func fresh(_ screening: PastScreening) -> Bool {
            let age = now.timeIntervalSince(screening.at)
            return age > -300 && age < Self.answersHold && !screening.used
        }
        if fresh(full) {
            return clear(full.answers, result: fullResult, full: full, basis: full)
        }
        if questionIDs.contains(where: { full.answers[$0] == true }) {
            return ask(.screening, .answeredYes)
        }
        guard now.timeIntervalSince(full.at) < Self.reuseLimit else {
            return ask(.screening, .expired)
        }
        if let checkIn = checkIns.last, fresh(checkIn), checkInQuestions.allSatisfy({ checkIn.answers[$0] != nil }) {
            let answers = full.answers.merging(checkIn.answers) { $1 }
            return clear(answers, result: evaluate(answers), full: full, basis: checkIn)
        }
        return Clearance(
            status: .checkIn, reason: .beforeEverySession,
            detail: "", questions: checkInQuestions,
            answers: full.answers, result: nil, screenedAt: full.at, reusedUntil: full.at + Self.reuseLimit, validUntil: nil,
            basis: nil)
    }

    private func ask(_ status: Clearance.Status, _ reason: Clearance.Reason) -> Clearance {
        Clearance(
            status: status, reason: reason, detail: "", questions: questionIDs, answers: [:], result: nil,
            screenedAt: nil, reusedUntil: nil, validUntil: nil, basis: nil)
    }

    private func stopped(_ result: ScreeningResult, full: PastScreening) -> Clearance {
        Clearance(
            status: .stop, reason: .stopStands,
            detail: "",
            questions: questionIDs, answers: [:], result: result, screenedAt: full.at, reusedUntil: nil, validUntil: nil,
            basis: nil)
    }

    private func clear(
        _ answers: [QuestionID: Bool], result: ScreeningResult, full: PastScreening, basis: PastScreening
    ) -> Clearance {
        let reusable = !questionIDs.contains { full.answers[$0] == true }
        return Clearance(
            status: .clear, reason: .answeredNow, detail: "", questions: [], answers: answers,
            result: result, screenedAt: full.at, reusedUntil: reusable ? full.at + Self.reuseLimit : nil,
            validUntil: basis.at + Self.answersHold, basis: basis.id)
    }
}

extension Catalog {
    /// Whether a session may start now (``ScreeningContent``'s one rule), with its reason in
    /// words from the phrases: what every surface asks.
    public func clearance(_ history: ScreeningContent.ScreeningHistory, now: Date) -> Clearance {
        var clearance = screening.clearance(history, now: now)
        let days = Int(ScreeningContent.reuseLimit / 86_400)
        clearance.detail = phrases.render(PhraseKey.clearance(clearance.reason), ["days": String(days)])
        return clearance
    }
}

extension Clearance {
    /// What comes before a session, by the clearance and the answers a person has already given
    /// (`--answer`): the one rule for reusing a recent screening.
    public enum Next: String, Sendable, Equatable {
        /// The screening in force holds: start on ``Clearance/answers``.
        case start
        /// A stop stands and no new answers were given: no session.
        case stop
        /// Ask the check-in (``Clearance/questions``), keeping the answers given.
        case checkIn = "check-in"
        /// Ask every question not yet answered.
        case screening
    }

    /// What to ask before a session. Answers given to anything but the check-in's questions
    /// (or while no check-in is due) mean a full screening: they replace the one in force.
    public func next(given answers: [QuestionID: Bool]) -> Next {
        switch status {
        case .clear where answers.isEmpty: .start
        case .stop where answers.isEmpty: .stop
        case .checkIn where Set(answers.keys).isSubset(of: questions): .checkIn
        default: .screening
        }
    }

    /// Whether a check-in may be kept now: only while a full screening is reused (a check-in is
    /// due, or one has just cleared it); otherwise every question must be answered again.
    public var takesCheckIn: Bool { status == .checkIn || status == .clear }
}
