import ARAgent
import Foundation

/// The letter channel: each letter a printable HTML page in one folder, named after its action,
/// so writing it again replaces the page instead of adding a second.
struct FolderLetterWriter: LetterWriter {
    let folder: String

    /// Refuses a path that exists and is not a folder: `send` and `worker` stop before anything is sent.
    init(folder: String) throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), !isFolder.boolValue {
            throw ValidationError("--letters '\(folder)' is a file, not a folder; name a folder for the printable letters")
        }
        self.folder = folder
    }

    func write(_ letter: OutgoingLetter) async throws -> String {
        let path = (folder as NSString).appendingPathComponent(letter.key.replacingOccurrences(of: "/", with: "_") + ".html")
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try Data(letter.html.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw SendFailure.configuration("cannot write the letter \(path): \(error.localizedDescription); check --letters '\(folder)'")
        }
        return path
    }
}

import ArgumentParser
