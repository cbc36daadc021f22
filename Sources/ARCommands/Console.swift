import Foundation
import Synchronization

/// Where a command writes: standard output for results, standard error for messages and
/// progress. Tests capture both instead.
public final class Console: Sendable {
    private let writeOut: @Sendable (String) -> Void
    private let writeErr: @Sendable (String) -> Void
    /// Whether standard error is a terminal, so that progress is worth drawing.
    public let isInteractive: Bool

    public init(isInteractive: Bool, out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void) {
        self.isInteractive = isInteractive
        self.writeOut = out
        self.writeErr = err
    }

    public func out(_ text: String) { writeOut(text.hasSuffix("\n") ? text : text + "\n") }
    public func err(_ text: String) { writeErr(text.hasSuffix("\n") ? text : text + "\n") }
    /// Raw text to standard output, for a result written in pieces.
    public func write(_ text: String) { writeOut(text) }
    /// Raw text to standard error, for progress lines redrawn with `\r`.
    func status(_ text: String) { writeErr(text) }

    public static let standard = Console(
        isInteractive: isatty(2) == 1,
        out: { FileHandle.standardOutput.write(Data($0.utf8)) },
        err: { FileHandle.standardError.write(Data($0.utf8)) })

    /// A console that keeps what is written, for tests.
    public static func capturing() -> (Console, CapturedOutput) {
        let captured = CapturedOutput()
        return (Console(isInteractive: false, out: { captured.append(out: $0) }, err: { captured.append(err: $0) }), captured)
    }
}

public final class CapturedOutput: Sendable {
    private let state = Mutex<(out: String, err: String)>(("", ""))
    public var out: String { state.withLock { $0.out } }
    public var err: String { state.withLock { $0.err } }
    func append(out text: String) { state.withLock { $0.out += text } }
    func append(err text: String) { state.withLock { $0.err += text } }
}
