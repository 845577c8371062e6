import Foundation

/// The folder of a shared library mapped into this process, found by the start of its file name
/// (`libgvc.`, `libc.so`) in /proc/self/maps; nil if none is mapped.
package func folderOfLoadedLibrary(named prefix: String) -> String? {
    guard let maps = fopen("/proc/self/maps", "r") else { return nil }
    defer { fclose(maps) }
    var line = [CChar](repeating: 0, count: 4096)
    while fgets(&line, Int32(line.count), maps) != nil {
        let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let start = text.firstIndex(of: "/"), let library = text.range(of: "/" + prefix) else { continue }
        return String(text[start..<library.lowerBound])
    }
    return nil
}
