/// The media type of a file that arrived without one (a uuencoded block), by its extension.
enum MediaTypes {
    static let byExtension: [String: String] = [
        "png": "image/png", "gif": "image/gif", "jpg": "image/jpeg", "jpeg": "image/jpeg", "pdf": "application/pdf",
        "txt": "text/plain", "htm": "text/html", "html": "text/html", "csv": "text/csv", "xml": "application/xml",
        "zip": "application/zip", "doc": "application/msword", "xls": "application/vnd.ms-excel",
    ]

    static func guess(filename: String) -> String {
        guard let dot = filename.lastIndex(of: ".") else { return "application/octet-stream" }
        return byExtension[filename[filename.index(after: dot)...].lowercased()] ?? "application/octet-stream"
    }
}
