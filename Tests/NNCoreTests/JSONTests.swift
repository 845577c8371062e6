import Foundation
import Testing
@testable import NNCore

/// The JSON parser against RFC 8259: documents it must accept and the values they give, documents it
/// must refuse (in the spirit of the JSONTestSuite's y_ and n_ sets, written out here), the line and
/// column of each error, the nesting limit, and numbers that keep their exact text.
@Suite struct JSONParserTests {
    @Test(arguments: [
        ("null", JSONValue.null),
        ("true", .bool(true)),
        ("false", .bool(false)),
        ("0", .number("0")),
        ("-0", .number("-0")),
        ("-0.0", .number("-0.0")),
        ("1E400", .number("1E400")),
        ("1e-400", .number("1e-400")),
        ("123.456e+7", .number("123.456e+7")),
        ("\"\"", .string("")),
        ("\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\"", .string("a\"b\\c/d\u{8}\u{C}\n\r\t")),
        ("\"\\u00e9\\u0000\"", .string("é\u{0}")),
        ("\"\\uD834\\uDD1E\"", .string("𝄞")),
        ("\"日本語 🙂\"", .string("日本語 🙂")),
        (" \t\r\n[ ] \n", .array([])),
        ("{}", .object([])),
        ("[1,\"a\",null,[true]]", .array([.number("1"), .string("a"), .null, .array([.bool(true)])])),
        ("{\"b\":1,\"a\":2}", .object([("b", .number("1")), ("a", .number("2"))])),
        ("{\"a\":1,\"a\":2}", .object([("a", .number("1")), ("a", .number("2"))])),
    ])
    func accepts(text: String, value: JSONValue) throws {
        #expect(try JSONParser.parse(text) == value)
    }

    @Test(arguments: [
        "", " ", "[", "]", "{", "[1,]", "[,1]", "[1 2]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "{'a':1}", "{\"a\":}",
        "{1:1}", "[1]]", "[1] x", "01", "-01", "00", "1.", ".5", "+1", "-", "1e", "1e+", "0x10", "NaN", "Infinity",
        "-Infinity", "tru", "nul", "True", "\"abc", "\"\\x\"", "\"\\u12\"", "\"\\u12g4\"", "\"tab\there\"",
        "\"line\nbreak\"", "\"\\uD800\"", "\"\\uD800\\u0041\"", "[1,\u{C}2]", "\u{FEFF}[]", "// comment\n[]", "[1] [2]",
    ])
    func refuses(text: String) {
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(text) }
    }

    @Test(arguments: [
        ("[1,\n 2,\n   x]", 3, 4, "unexpected character 'x', expected a value"),
        ("{\"é日\": tru}", 1, 8, "invalid literal, expected 'true'"),
        ("[1,]", 1, 4, "unexpected character ']', expected a value"),
        ("[01]", 1, 3, "expected ',' or ']' in an array"),
        ("\"never closed", 1, 14, "unterminated string"),
        ("{\"a\":1", 1, 7, "unexpected end of file inside an object"),
    ])
    func errorsSayWhere(text: String, line: Int, column: Int, reason: String) {
        #expect {
            try JSONParser.parse(text)
        } throws: { error in
            guard let error = error as? JSONSyntaxError else { return false }
            return (error.line, error.column, error.reason) == (line, column, reason)
        }
    }

    @Test func nestingUpToTheLimitParses() throws {
        let depth = JSONParser.maximumDepth
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        var value = try JSONParser.parse(text)
        var levels = 1
        while case let .array(elements) = value, let inner = elements.first {
            value = inner
            levels += 1
        }
        #expect(levels == depth)
    }

    /// A hostile file of a million open brackets is refused with a message, not a stack overflow.
    @Test(arguments: [JSONParser.maximumDepth + 1, 1_000_000])
    func deeperNestingIsRefused(depth: Int) {
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        #expect {
            try JSONParser.parse(text)
        } throws: { error in
            guard let error = error as? JSONSyntaxError else { return false }
            return error.reason == "nesting is too deep (at most \(JSONParser.maximumDepth) levels)"
                && error.line == 1 && error.column == JSONParser.maximumDepth + 1
        }
        let objects = String(repeating: "{\"a\":", count: depth) + "1" + String(repeating: "}", count: depth)
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(objects) }
    }

    @Test func hugeNumbersKeepTheirTextAndAreNotTakenForFiniteValues() throws {
        let digits = String(repeating: "9", count: 5_000)
        let value = try JSONParser.parse("[\(digits), 1e400, -1e400, 1e-400]")
        let numbers = try #require(value.array)
        #expect(numbers[0] == .number(digits))
        #expect(numbers[0].int == nil)
        #expect(numbers[1].float == .infinity && numbers[2].double == -.infinity)
        #expect(numbers[3].float == 0)
        #expect(JSONValue.number("1e20").int == nil)
        #expect(JSONValue.number("3.0").int == 3)
    }
}

@Suite struct JSONWriterTests {
    /// Every float written reads back to the same bits: a spread of bit patterns, the extremes,
    /// subnormals and negative zero.
    @Test func floatsRoundTripBitExactly() throws {
        var generator = SeededGenerator(seed: 7)
        var values: [Float] = [0, -0.0, 1, -1, 0.1, 1e-45, -1e-45, .leastNormalMagnitude, .greatestFiniteMagnitude,
                               -.greatestFiniteMagnitude, .ulpOfOne, 16_777_217, 3.4028235e38]
        while values.count < 20_000 {
            let value = Float(bitPattern: UInt32(truncatingIfNeeded: generator.next()))
            if value.isFinite { values.append(value) }
        }
        let text = JSONWriter.write(.array(values.map(JSONValue.float)))
        let read = try #require(try JSONParser.parse(text).array).map { $0.float }
        #expect(read.count == values.count)
        for (value, back) in zip(values, read) where back?.bitPattern != value.bitPattern {
            Issue.record("\(value) (bits \(value.bitPattern)) read back as \(String(describing: back))")
        }
    }

    @Test func doublesRoundTripBitExactly() throws {
        var generator = SeededGenerator(seed: 11)
        var values: [Double] = [0, -0.0, 0.1, 5e-324, .greatestFiniteMagnitude, 1e23]
        while values.count < 5_000 {
            let value = Double(bitPattern: generator.next())
            if value.isFinite { values.append(value) }
        }
        let text = JSONWriter.write(.array(values.map(JSONValue.double)))
        let read = try #require(try JSONParser.parse(text).array).map { $0.double?.bitPattern }
        #expect(read == values.map(\.bitPattern))
    }

    @Test func writtenTextParsesToTheSameValue() throws {
        let value = JSONValue.object([
            ("name", .string("quote \" backslash \\ newline \n tab \t bell \u{7} é 🙂")),
            ("empty", .object([])),
            ("list", .array([.number("1"), .null, .bool(false), .array([]), .object([("z", .number("-0.5e-3"))])])),
        ])
        #expect(try JSONParser.parse(JSONWriter.write(value)) == value)
    }

    @Test func outputIsStable() {
        let value = JSONValue.object([("b", .array([.int(1), .float(0.5)])), ("a", .object([("x", .null)]))])
        #expect(JSONWriter.write(value) == "{\n  \"b\": [1, 0.5],\n  \"a\": {\n    \"x\": null\n  }\n}\n")
    }
}
