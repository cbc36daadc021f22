import Foundation

/// Content-Transfer-Encoding (RFC 2045 §6) undone: 7bit, 8bit and binary as they are,
/// quoted-printable and base64 decoded. Decoding is tolerant, as receivers must be (§6.8):
/// line breaks and characters outside the base64 alphabet are skipped, missing or excess
/// padding is accepted, a trailing partial group yields the bytes it holds.
public enum TransferEncoding {
    public static func decode(_ body: ArraySlice<UInt8>, encoding: String?) -> [UInt8] {
        switch encoding?.trimmingCharacters(in: .whitespaces).lowercased() {
        case "base64": return decodeBase64(body)
        case "quoted-printable": return QuotedPrintable.decode(bytes: Array(body))
        default: return Array(body)
        }
    }

    public static func decodeBase64(_ text: some Collection<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(text.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        for byte in text {
            let value: UInt32
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = UInt32(byte - UInt8(ascii: "A"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): value = UInt32(byte - UInt8(ascii: "a") + 26)
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = UInt32(byte - UInt8(ascii: "0") + 52)
            case UInt8(ascii: "+"), UInt8(ascii: "-"): value = 62
            case UInt8(ascii: "/"), UInt8(ascii: "_"): value = 63
            case UInt8(ascii: "="):
                // Padding ends a group; what follows (a second encoded stream) starts afresh.
                accumulator = 0
                bits = 0
                continue
            default: continue
            }
            accumulator = (accumulator << 6) | value
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8((accumulator >> UInt32(bits)) & 0xFF))
            }
        }
        return output
    }
}
