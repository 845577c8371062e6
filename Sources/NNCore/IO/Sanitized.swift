/// Text from a file made safe to show in one line of a terminal or an error message: control
/// characters (newlines, escape sequences, bell, NUL) written as escapes, and long text cut short.
public enum Sanitized {
    /// `text` with every control character escaped (`\n`, `\t`, `\u{1B}`), so that it stays one line
    /// and cannot drive the terminal.
    public static func text(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where isControl(scalar): out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// `text` escaped as `text(_:)` does and cut to at most `limit` characters, saying how much was left out.
    public static func quoted(_ text: String, limit: Int = 60) -> String {
        let clean = Self.text(text)
        guard clean.count > limit else { return clean }
        return String(clean.prefix(limit)) + "… (\(clean.count) characters)"
    }

    /// A list of names for a message: each quoted, at most `count` of them, then how many more.
    public static func list(_ names: [String], count: Int = 8) -> String {
        let shown = names.prefix(count).map { quoted($0, limit: 40) }.joined(separator: ", ")
        return names.count > count ? shown + ", … (\(names.count) in all)" : shown
    }

    /// C0 and C1 control characters, DEL, and the line and paragraph separators.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029
            || (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
    }
}
