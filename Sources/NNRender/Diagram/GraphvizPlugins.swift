import NNCore
internal import CGraphviz
import Foundation
import Synchronization

/// Graphviz's plug-ins for one rendering, loaded only as needed, and nnviz's own (`CairoPlugin`).
///
/// `gvContext()` reads Graphviz's plug-in configuration and can load any plug-in it lists; nnviz knows
/// which it uses (the dot and nop layouts and the core SVG writer; text measuring and drawing are its
/// own), so it opens just those from Graphviz's plug-in folder and hands them to `gvContextPlugins` as
/// built-ins. Where that folder or a plug-in is not found, it falls back to `gvContext()`. All of it
/// runs under the renderer's Graphviz lock.
enum GraphvizPlugins {
    /// A Graphviz context with the plug-ins `format` needs and nnviz's own; with
    /// the nop layout engine only when `nop` (opening it also loads GTS and PCRE).
    static func context(for format: DiagramFormat, nop: Bool) -> OpaquePointer? {
        guard let builtins = builtins(for: Needs(format: format, nop: nop)) else {
            let context = graphviz.gvContext()
            if let context { graphviz.gvAddLibrary(context, CairoPlugin.shared.library) }
            return context
        }
        return graphviz.gvContextPlugins(builtins.list, 0)
    }

    /// What a rendering needs from Graphviz: its output format, and whether it uses the nop engine.
    private struct Needs: Hashable {
        var format: DiagramFormat
        var nop: Bool
    }

    /// The built-in list for `needs`, made once and kept for the life of the process (a Graphviz
    /// context keeps a pointer to it); nil when a plug-in cannot be opened.
    private static func builtins(for needs: Needs) -> SymbolList? {
        lists.withLock { lists in
            if let known = lists[needs] { return known }
            var names = ["dot_layout"]
            // neato_layout brings the nop engine, which draws the neuron view at the places nnviz gives.
            if needs.nop { names.append("neato_layout") }
            if needs.format == .svg { names.append("core") }
            let libraries = names.compactMap(library(named:))
            guard libraries.count == names.count else {
                lists[needs] = .some(nil)
                return nil
            }
            let list = UnsafeMutablePointer<lt_symlist_t>.allocate(capacity: libraries.count + 2)
            for (index, library) in libraries.enumerated() {
                list[index] = lt_symlist_t(name: library.symbol, address: library.address)
            }
            list[libraries.count] = lt_symlist_t(name: CairoPlugin.shared.symbol, address: CairoPlugin.shared.library)
            list[libraries.count + 1] = lt_symlist_t(name: nil, address: nil)
            lists[needs] = SymbolList(list: list)
            return SymbolList(list: list)
        }
    }

    /// A `gvContextPlugins` list: never changed once made, and read by Graphviz only under the
    /// renderer's lock, so it can be shared.
    private struct SymbolList: @unchecked Sendable {
        let list: UnsafeMutablePointer<lt_symlist_t>
    }

    /// The built-in lists made so far (nil: a plug-in was missing).
    private static let lists = Mutex<[Needs: SymbolList?]>([:])

    /// One Graphviz plug-in library, opened once: its `gvplugin_NAME_LTX_library` table. The library
    /// stays open for the life of the process and the table is only read, so it can be shared.
    struct Library: @unchecked Sendable {
        /// The table's symbol name, a C string that lives as long as the process.
        let symbol: UnsafePointer<CChar>
        let address: UnsafeMutableRawPointer
    }

    /// The plug-ins opened so far (nil: tried and not found), by name.
    private static let opened = Mutex<[String: Library?]>([:])

    /// `libgvplugin_NAME.so.6` from the `graphviz` folder beside the libgvc this process uses, as
    /// Graphviz itself finds it.
    static func library(named name: String) -> Library? {
        opened.withLock { opened in
            if let known = opened[name] { return known }
            var found: Library?
            if let folder = pluginFolder, let handle = dlopen(folder + "/libgvplugin_\(name).so.6", RTLD_LAZY | RTLD_LOCAL) {
                let symbol = "gvplugin_\(name)_LTX_library"
                if let address = dlsym(handle, symbol) {
                    found = Library(symbol: UnsafePointer(strdup(symbol)!), address: address)
                }
            }
            opened[name] = found
            return found
        }
    }

    /// Graphviz's plug-in folder, found as Graphviz finds it: `$GVBINDIR` if set, else `graphviz/`
    /// in the folder of the libgvc mapped into this process (from /proc/self/maps).
    static let pluginFolder: String? = {
        if let folder = getenv("GVBINDIR") { return String(cString: folder) }
        guard (try? GraphvizLibrary.load()) != nil else { return nil }
        return folderOfLoadedLibrary(named: "libgvc.").map { $0 + "/graphviz" }
    }()
}
