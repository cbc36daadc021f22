/// Turns byte offsets into 1-based line numbers for messages, counting each line break once as
/// long as the offsets asked about only grow (as they do while a file is read front to back).
struct LineCounter {
    let bytes: UnsafeBufferPointer<UInt8>
    private var cursor = 0
    private var lineAtCursor = 1

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    mutating func line(at offset: Int) -> Int {
        if offset < cursor {
            cursor = 0
            lineAtCursor = 1
        }
        var count = lineAtCursor
        var index = cursor
        let end = min(offset, bytes.count)
        while index < end {
            if bytes[index] == 0x0A { count += 1 }
            index += 1
        }
        cursor = end
        lineAtCursor = count
        return count
    }
}
