/// Contour lines of a grid of values by marching squares, joined into polylines.
enum Contour {
    /// A point in grid coordinates: (0, 0) is the centre of the top-left cell, (1, 0) the next cell's.
    struct GridPoint: Equatable {
        var column: Double
        var row: Double
    }

    /// The lines where `values` (row-major, `columns` × `rows`) crosses `level`, each a polyline
    /// through the grid. A point belongs to the upper side when its value is ≥ `level`; the crossing
    /// on each edge between two cell centres is found by linear interpolation. Saddle squares are
    /// split by the mean of their four corners.
    static func lines(_ values: [Double], columns: Int, rows: Int, level: Double) -> [[GridPoint]] {
        precondition(values.count == columns * rows)
        guard columns > 1, rows > 1 else { return [] }
        // Edges between neighbouring centres: horizontal edge (c, r)→(c+1, r) has key 2(r·columns + c),
        // vertical edge (c, r)→(c, r+1) has key 2(r·columns + c) + 1.
        func horizontal(_ c: Int, _ r: Int) -> Int { 2 * (r * columns + c) }
        func vertical(_ c: Int, _ r: Int) -> Int { 2 * (r * columns + c) + 1 }
        func value(_ c: Int, _ r: Int) -> Double { values[r * columns + c] }
        func crossing(_ key: Int) -> GridPoint {
            let cell = key / 2
            let c = cell % columns
            let r = cell / columns
            let a = value(c, r)
            let b = key % 2 == 0 ? value(c + 1, r) : value(c, r + 1)
            let t = a == b ? 0.5 : min(max((level - a) / (b - a), 0), 1)
            return key % 2 == 0 ? GridPoint(column: Double(c) + t, row: Double(r)) : GridPoint(column: Double(c), row: Double(r) + t)
        }
        var segments: [(Int, Int)] = []
        for r in 0..<(rows - 1) {
            for c in 0..<(columns - 1) {
                let topLeft = value(c, r) >= level
                let topRight = value(c + 1, r) >= level
                let bottomRight = value(c + 1, r + 1) >= level
                let bottomLeft = value(c, r + 1) >= level
                // The crossed edges, going round the square: top, right, bottom, left.
                var crossed: [Int] = []
                if topLeft != topRight { crossed.append(horizontal(c, r)) }
                if topRight != bottomRight { crossed.append(vertical(c + 1, r)) }
                if bottomRight != bottomLeft { crossed.append(horizontal(c, r + 1)) }
                if bottomLeft != topLeft { crossed.append(vertical(c, r)) }
                if crossed.count == 2 {
                    segments.append((crossed[0], crossed[1]))
                } else if crossed.count == 4 {
                    let centre = (value(c, r) + value(c + 1, r) + value(c + 1, r + 1) + value(c, r + 1)) / 4
                    // When the centre is on the top-left corner's side, the top-left and bottom-right
                    // corners are joined through the middle and the line cuts off the other two.
                    if (centre >= level) == topLeft {
                        segments.append((crossed[0], crossed[1]))
                        segments.append((crossed[2], crossed[3]))
                    } else {
                        segments.append((crossed[3], crossed[0]))
                        segments.append((crossed[1], crossed[2]))
                    }
                }
            }
        }
        return chain(segments).map { $0.map(crossing) }
    }

    /// Joins segments sharing an edge into polylines: open lines first, from an end, then closed loops.
    /// Every edge lies on at most two squares, so each key ends at most two segments.
    static func chain(_ segments: [(Int, Int)]) -> [[Int]] {
        var ends: [Int: [Int]] = [:]
        for (index, segment) in segments.enumerated() {
            ends[segment.0, default: []].append(index)
            ends[segment.1, default: []].append(index)
        }
        var used = [Bool](repeating: false, count: segments.count)
        var lines: [[Int]] = []
        func walk(from start: Int, key: Int) -> [Int] {
            var line = [key]
            var current = start
            var key = key
            while true {
                used[current] = true
                let segment = segments[current]
                key = segment.0 == key ? segment.1 : segment.0
                line.append(key)
                guard let next = ends[key]?.first(where: { !used[$0] }) else { break }
                current = next
            }
            return line
        }
        for (index, segment) in segments.enumerated() where !used[index] {
            for key in [segment.0, segment.1] where ends[key]?.count == 1 && !used[index] {
                lines.append(walk(from: index, key: key))
            }
        }
        for (index, segment) in segments.enumerated() where !used[index] {
            lines.append(walk(from: index, key: segment.0))
        }
        return lines
    }
}
