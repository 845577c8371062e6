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

/// The device's `format` step: Graphviz calls it once the page is drawn, with the surface's pixels
/// in `imagedata` (Cairo's ARGB32, `width` × `height`, rows 4 · width bytes apart).
let encodePixels: @convention(c) (UnsafeMutablePointer<GVJ_t>?) -> Void = { job in
    guard let job, let data = job.pointee.imagedata else { return }
    let width = Int(job.pointee.width)
    let height = Int(job.pointee.height)
    let opaque = PixelDevice.flattenOntoBackground(UnsafeMutableRawPointer(data).assumingMemoryBound(to: UInt32.self),
                                                   width: width, height: height)
    let png = Result { () throws(ChartError) in
        try PNGEncoder.encode(pixels: data, width: width, height: height, stride: width * 4, hasAlpha: !opaque)
    }
    PixelDevice.page.withLock { $0 = png }
}

/// What the pixel device keeps between Graphviz's calls, and how it prepares a page for `PNGEncoder`.
enum PixelDevice {
    /// The last page drawn, as PNG bytes (or why it could not be encoded); set and taken under the
    /// renderer's lock.
    static let page = Mutex<Result<[UInt8], ChartError>?>(nil)

    /// Puts the page's partly transparent pixels onto its background colour, the first pixel's,
    /// when that one is opaque. A diagram's background is always an opaque colour, but Graphviz's
    /// background rectangle ends inside the last row and column of pixels when the page is not a
    /// whole number of pixels (375.6 × 993.6 for the blog model), leaving them partly transparent:
    /// the page would need an alpha channel for one row and column of background. Onto the
    /// background they are the colour they show on it, and the page is stored as RGB: a quarter
    /// less to compress and a smaller file.
    /// Returns whether the page is now opaque.
    @discardableResult
    static func flattenOntoBackground(_ pixels: UnsafeMutablePointer<UInt32>, width: Int, height: Int) -> Bool {
        guard width > 0, height > 0, pixels[0] >> 24 == 0xFF else { return false }
        let background = pixels[0]
        let count = width * height
        // Sixteen pixels at a time, their alphas checked together; only a group with a translucent
        // pixel is gone through one by one.
        var start = 0
        while start < count {
            let end = min(start + 16, count)
            var alphas: UInt32 = 0xFF00_0000
            for index in start..<end { alphas &= pixels[index] }
            if alphas >> 24 != 0xFF {
                for index in start..<end where pixels[index] >> 24 != 0xFF { pixels[index] = over(pixels[index], background) }
            }
            start = end
        }
        return true
    }

    /// `pixel` drawn over the opaque `background`, both premultiplied ARGB32 as Cairo stores them:
    /// each channel c + (255 − α)·b / 255, rounded.
    static func over(_ pixel: UInt32, _ background: UInt32) -> UInt32 {
        let rest = 255 - (pixel >> 24)
        var result: UInt32 = 0xFF00_0000
        for shift: UInt32 in [0, 8, 16] {
            let channel = (pixel >> shift) & 0xFF
            let under = (background >> shift) & 0xFF
            result |= min(255, channel + (rest * under + 127) / 255) << shift
        }
        return result
    }
}
