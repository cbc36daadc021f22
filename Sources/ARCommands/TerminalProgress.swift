import ARAgent
import Foundation
import Synchronization

/// Draws progress of long operations on a terminal (done, rate, ETA), redrawing one line at
/// most ten times a second; silent when standard error is not a terminal, so logs and pipes
/// stay clean.
final class TerminalProgress: ProgressReporter {
    private struct State {
        var phase = ""
        var unit = ""
        var total = 0
        var started = ContinuousClock.now
        var lastDrawn = ContinuousClock.now
    }

    private let console: Console
    private let state = Mutex(State())

    init?(console: Console) {
        guard console.isInteractive else { return nil }
        self.console = console
    }

    func begin(phase: String, total: Int, unit: String) {
        state.withLock { $0 = State(phase: phase, unit: unit, total: total, started: .now, lastDrawn: .now) }
    }

    func advance(to done: Int, rows: Int) {
        let line: String? = state.withLock { s in
            let now = ContinuousClock.now
            guard now - s.lastDrawn > .milliseconds(100) else { return nil }
            s.lastDrawn = now
            let elapsed = Double((now - s.started).components.seconds) + Double((now - s.started).components.attoseconds) / 1e18
            let rate = elapsed > 0 ? Double(done) / elapsed : 0
            let rowRate = elapsed > 0 ? Double(rows) / elapsed : 0
            let remaining = rate > 0 ? Double(s.total - done) / rate : 0
            let percent = s.total > 0 ? done * 100 / s.total : 0
            return "\r\u{1B}[K\(s.phase): \(percent)%  \(rows) rows  \(TerminalProgress.compact(rowRate)) rows/s  ETA \(Int(remaining.rounded()))s   "
        }
        if let line { console.status(line) }
    }

    func finish() {
        let (phase, started) = state.withLock { ($0.phase, $0.started) }
        let (seconds, atto) = (ContinuousClock.now - started).components
        // ESC [ K clears the rest of the line the progress was drawn on.
        console.status("\r\u{1B}[K\(phase): done in \(String(format: "%.1f", Double(seconds) + Double(atto) / 1e18)) s\n")
    }

    func note(_ message: String) {
        console.status("\r\u{1B}[K\(message)\n")
    }

    static func compact(_ value: Double) -> String {
        value >= 1_000_000 ? String(format: "%.1fM", value / 1_000_000)
            : value >= 1_000 ? String(format: "%.0fk", value / 1_000) : String(format: "%.0f", value)
    }
}
