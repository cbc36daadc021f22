/// The DATA payload: the transparency procedure of RFC 5321 §4.5.2.
enum SMTPData {
    /// Doubles a "." at the start of every line (so a body line "." does not end the
    /// message early), ends the text with CRLF if it does not already, and appends the
    /// terminating `.` line.
    static func dotStuffed(_ message: String) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(message.utf8.count + 64)
        var atLineStart = true
        for byte in message.utf8 {
            if atLineStart && byte == UInt8(ascii: ".") { output.append(UInt8(ascii: ".")) }
            output.append(byte)
            atLineStart = byte == UInt8(ascii: "\n")
        }
        if !output.isEmpty && !(output.count >= 2 && output[output.count - 2] == 0x0D && output[output.count - 1] == 0x0A) {
            output.append(contentsOf: [0x0D, 0x0A])
        }
        output.append(contentsOf: Array(".\r\n".utf8))
        return output
    }
}
