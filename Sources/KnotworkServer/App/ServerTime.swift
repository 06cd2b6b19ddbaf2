import Foundation

/// The time and the time zone as every handler reads them, from the server's configuration:
/// the wall clock and the machine's zone in use, what a test sets otherwise, so that no test
/// reads the wall clock or waits for it.
struct ServerTime: Sendable {
    let now: @Sendable () -> Date
    let timeZone: TimeZone
}
