import Foundation
import Synchronization

/// The terminal the coach draws on: raw keys, the alternate screen, and putting it all back.
final class Terminal: Sendable {
    private let original = Mutex<termios?>(nil)

    /// Whether both standard input and output are a terminal.
    static var isInteractive: Bool { isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 }

    /// Colour unless `NO_COLOR` is set (to anything) or the terminal is dumb.
    static var colour: Bool {
        let environment = ProcessInfo.processInfo.environment
        return environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
    }

    /// Columns and rows, or 80×24 when unknown.
    static var size: (columns: Int, rows: Int) {
        var window = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &window) == 0, window.ws_col > 0, window.ws_row > 0 {
            return (Int(window.ws_col), Int(window.ws_row))
        }
        return (80, 24)
    }

    /// Raw keys (no echo, no line buffering), the alternate screen, and a hidden cursor.
    func enterFullScreen() {
        var settings = termios()
        guard tcgetattr(STDIN_FILENO, &settings) == 0 else { return }
        original.withLock { $0 = settings }
        var raw = settings
        raw.c_lflag &= ~tcflag_t(ECHO | ICANON | ISIG | IEXTEN)
        raw.c_iflag &= ~tcflag_t(IXON | ICRNL)
        withUnsafeMutableBytes(of: &raw.c_cc) { bytes in
            bytes[Int(VMIN)] = 1
            bytes[Int(VTIME)] = 0
        }
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw)
        write("\u{1B}[?1049h\u{1B}[?25l")
    }

    /// Puts the terminal back as it was; safe to call more than once.
    func restore() {
        guard
            var settings = original.withLock({ state -> termios? in
                defer { state = nil }
                return state
            })
        else { return }
        write("\u{1B}[?25h\u{1B}[?1049l")
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &settings)
    }

    func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}

/// Reads standard input on its own thread, byte by byte or line by line, until stopped, so the
/// session can go on while it waits for a key.
final class InputReader: Sendable {
    private let stopped = Mutex(false)

    /// Bytes as they are typed (raw mode) or whole lines (otherwise), until end of input or ``stop()``.
    func start(lines: Bool) -> AsyncStream<String> {
        AsyncStream { continuation in
            let thread = Thread { [self] in
                var pending: [UInt8] = []
                var byte: UInt8 = 0
                while !stopped.withLock({ $0 }) {
                    var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
                    let ready = poll(&descriptor, 1, 100)
                    if ready <= 0 { continue }
                    let count = read(STDIN_FILENO, &byte, 1)
                    if count <= 0 { break }
                    if !lines {
                        continuation.yield(String(decoding: [byte], as: UTF8.self))
                    } else if byte == UInt8(ascii: "\n") {
                        continuation.yield(String(decoding: pending, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
                        pending = []
                    } else {
                        pending.append(byte)
                    }
                }
                continuation.finish()
            }
            thread.start()
        }
    }

    func stop() { stopped.withLock { $0 = true } }
}
