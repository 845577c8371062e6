internal import CFontconfig

/// The font set-up every picture is drawn with: the system's font folders and fontconfig's caches, and
/// the rendering that Debian's defaults give DejaVu Sans (slight hinting, grey-scale anti-aliasing),
/// written here instead of read from /etc/fonts.
///
/// Fontconfig otherwise parses /etc/fonts/fonts.conf and its few dozen conf.d files in every process,
/// which cost more instructions than laying out and drawing a diagram (docs/performance.md). The
/// pictures come out the same on a Debian machine, and no longer depend on a user's own font rules.
enum FontConfiguration {
    static let configuration = """
        <?xml version="1.0"?>
        <!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
        <fontconfig>
          <dir>/usr/share/fonts</dir>
          <dir>/usr/local/share/fonts</dir>
          <cachedir>/var/cache/fontconfig</cachedir>
          <cachedir prefix="xdg">fontconfig</cachedir>
          <match target="pattern"><edit name="hintstyle" mode="append"><const>hintslight</const></edit></match>
          <match target="pattern"><edit name="antialias" mode="append"><bool>true</bool></edit></match>
          <match target="pattern"><edit name="lcdfilter" mode="append"><const>lcddefault</const></edit></match>
        </fontconfig>
        """

    /// Makes `configuration` fontconfig's current one, once per process, before Cairo asks fontconfig
    /// for anything. If fontconfig rejects it, its own configuration stays; without
    /// libfontconfig, Cairo (which needs it) cannot be opened either, and says so.
    static let installed: Void = {
        guard case .success(let library) = fontconfigLibrary else { return }
        let fontconfig = library.api
        guard let config = fontconfig.FcConfigCreate() else { return }
        guard fontconfig.FcConfigParseAndLoadFromMemory(config, configuration, FcTrue) == FcTrue,
              fontconfig.FcConfigBuildFonts(config) == FcTrue,
              fontconfig.FcConfigSetCurrent(config) == FcTrue else {
            fontconfig.FcConfigDestroy(config)
            return
        }
        // The current configuration holds its own reference.
        fontconfig.FcConfigDestroy(config)
    }()
}

/// libfontconfig, opened when the fonts are first set up rather than linked (`LazyLibrary`); Cairo
/// then finds it already loaded. No variable names another file: it must be the fontconfig that
/// Cairo loads.
private let fontconfigLibrary = LazyLibrary<nnviz_fontconfig_api>.open(
    ["libfontconfig.so.1", "libfontconfig.so"],
    need: "drawing needs libfontconfig.so.1", package: "libfontconfig1") { nnviz_fontconfig_bind($0, $1) }
