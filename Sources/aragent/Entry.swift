import ARCommands
import ArgumentParser

/// The executable: parse the command line and run the command. Everything else is in ARCommands.
@main
enum Entry {
    static func main() async {
        do {
            var command = try AragentCommand.parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            AragentCommand.exit(withError: error)
        }
    }
}
