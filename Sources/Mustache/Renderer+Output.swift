extension RenderState {
    /// Literal template text. Without indentation this is a single copy.
    @inline(__always)
    mutating func writeText(_ bytes: UnsafeBufferPointer<UInt8>) {
        if indent.isEmpty {
            out.append(contentsOf: bytes)
        } else {
            writeIndentedText(bytes)
        }
    }

    mutating func writeIndentedText(_ bytes: UnsafeBufferPointer<UInt8>) {
        let n = bytes.count
        var i = 0
        while i < n {
            var j = i
            while j < n && bytes[j] != 0x0A { j += 1 }
            let lineEnd = j < n ? j + 1 : n
            if pending {
                writeIndentIfContent(first: bytes[i], second: i + 1 < n ? bytes[i + 1] : 0)
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<lineEnd]))
            if j < n { pending = true }
            i = lineEnd
        }
    }

    /// Called when a line's first bytes are about to be written: blank lines
    /// keep no indentation, so generated code carries no trailing whitespace.
    @inline(__always)
    mutating func writeIndentIfContent(first: UInt8, second: UInt8) {
        pending = false
        if first == 0x0A || (first == 0x0D && second == 0x0A) { return }
        out.append(contentsOf: indent)
    }

    /// Interpolated data. Its own line breaks are not re-indented (spec), but if
    /// it opens a template line, that line's indentation goes first.
    @inline(__always)
    mutating func writeValue(_ string: String, escape: Bool) {
        var string = string
        string.withUTF8 { bytes in
            guard !bytes.isEmpty else { return }
            if pending {
                writeIndentIfContent(first: bytes[0], second: bytes.count > 1 ? bytes[1] : 0)
            }
            if escape {
                writeEscaped(bytes)
            } else {
                out.append(contentsOf: bytes)
            }
        }
    }

    /// HTML escaping of `& < > "`. The apostrophe is left alone: generated code
    /// is full of it and no HTML context here needs it escaped.
    mutating func writeEscaped(_ bytes: UnsafeBufferPointer<UInt8>) {
        var runStart = 0
        for i in 0..<bytes.count {
            let b = bytes[i]
            // One comparison rejects every byte above '>' (all letters, most
            // punctuation, all non-ASCII) before the exact checks.
            guard b <= 0x3E else { continue }
            let replacement: StaticString
            switch b {
            case 0x26: replacement = "&amp;"
            case 0x3C: replacement = "&lt;"
            case 0x3E: replacement = "&gt;"
            case 0x22: replacement = "&quot;"
            default: continue
            }
            if i > runStart {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i]))
            }
            out.append(contentsOf: UnsafeBufferPointer(start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
            runStart = i + 1
        }
        if runStart < bytes.count {
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
        }
    }

    /// Integers are formatted in place instead of through `String(describing:)`.
    mutating func writeInt(_ value: Int) {
        if pending {
            writeIndentIfContent(first: UInt8(ascii: "0"), second: 0)
        }
        if value == 0 {
            out.append(UInt8(ascii: "0"))
            return
        }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: enough for 20 digits and a sign
        var magnitude = value.magnitude
        withUnsafeMutableBytes(of: &digits) { buffer in
            var p = 24
            while magnitude > 0 {
                p -= 1
                buffer[p] = UInt8(truncatingIfNeeded: magnitude % 10) + 0x30
                magnitude /= 10
            }
            if value < 0 {
                p -= 1
                buffer[p] = UInt8(ascii: "-")
            }
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[p..<24]))
        }
    }
}
