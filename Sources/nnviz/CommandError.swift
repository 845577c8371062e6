/// A choice on the command line that can only be judged while running, e.g. an output format told
/// by a file's extension: one line, without the usage text a parsing error prints.
enum CommandError: Swift.Error, CustomStringConvertible, Equatable {
    /// The format of the output `file` cannot be told from its extension; `message` names the file and
    /// says what to give instead.
    case unknownExtension(file: String, message: String)
    /// A binary `format` (PNG, PDF) asked for on standard output.
    case binaryToStandardOutput(format: String)

    var description: String {
        switch self {
        case let .unknownExtension(_, message): message
        case let .binaryToStandardOutput(format): "-: \(format) cannot go to standard output; give -o FILE, or --format svg or dot"
        }
    }
}
