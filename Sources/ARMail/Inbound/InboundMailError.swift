/// Why bytes could not be read as a message at all.
public enum InboundMailError: Error, Sendable, Equatable, CustomStringConvertible {
    case empty
    case notAMessage(reason: String)

    public var description: String {
        switch self {
        case .empty: "it is empty"
        case .notAMessage(let reason): "it is not an RFC 5322 message: \(reason)"
        }
    }
}
