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

    /// Makes `configuration` fontconfig's current one, once per process, before Cairo or Pango asks
    /// fontconfig for anything. If fontconfig rejects it, its own configuration stays.
    static let installed: Void = {
        guard let config = FcConfigCreate() else { return }
        guard FcConfigParseAndLoadFromMemory(config, configuration, FcTrue) == FcTrue,
              FcConfigBuildFonts(config) == FcTrue,
              FcConfigSetCurrent(config) == FcTrue else {
            FcConfigDestroy(config)
            return
        }
        // The current configuration holds its own reference.
        FcConfigDestroy(config)
    }()
}
